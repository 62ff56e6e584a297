package city.urbanops.ingestion.edge;

import city.urbanops.testkit.mqtt.MqttTestGateway;
import city.urbanops.testkit.registry.ProvisionedGateway;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * An MQTT 5 client on a bare socket, for packets a client library will not send: a PUBLISH whose fixed header
 * announces more bytes than the broker allows, or more unacknowledged PUBLISHes than the CONNACK's receive maximum.
 */
final class RawMqttClient implements AutoCloseable {

    static final int CONNACK = 2;
    static final int PUBACK = 4;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int connackCode;

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects with a clean start as the provisioned gateway and returns the client once the CONNACK said success; a
     * refusal as unknown (0x86) is retried while the gateway's records may still be on their way to the view.
     */
    static RawMqttClient connect(String host, int port, ProvisionedGateway gateway) {
        long deadline = System.nanoTime() + MqttTestGateway.PROPAGATION.toNanos();
        while (true) {
            var client = connectOnce(host, port, gateway);
            int code = client.connackCode;
            if (code == 0) {
                return client;
            }
            client.close();
            if ((code != 0x86 && code != 0x88) || System.nanoTime() > deadline) {
                throw new IllegalStateException("connect refused: CONNACK 0x" + Integer.toHexString(code));
            }
            LockSupport.parkNanos(50_000_000);
        }
    }

    private static RawMqttClient connectOnce(String host, int port, ProvisionedGateway gateway) {
        try {
            var client = new RawMqttClient(new Socket(host, port));
            client.socket.setSoTimeout(30_000);
            var variableHeader = new ByteArrayOutputStream();
            writeString(variableHeader, "MQTT");
            variableHeader.write(5);
            variableHeader.write(0x02 | 0x80 | 0x40); // clean start, user name, password
            variableHeader.write(0);
            variableHeader.write(60);
            variableHeader.write(0);
            writeString(variableHeader, gateway.gatewayId());
            writeString(variableHeader, gateway.gatewayId());
            writeString(variableHeader, gateway.secret());
            client.send(0x10, variableHeader.toByteArray());
            var connack = client.nextPacket().orElseThrow(() -> new IllegalStateException("no CONNACK"));
            if (connack.type() != CONNACK) {
                throw new IllegalStateException("not a CONNACK: " + connack);
            }
            client.connackCode = connack.body()[1] & 0xFF;
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first bytes of a QoS 1 PUBLISH whose fixed header claims {@code claimedPayloadBytes} of payload. */
    void sendPublishHeaderClaiming(String topic, int packetId, int claimedPayloadBytes) {
        var header = publishVariableHeader(topic, packetId);
        try {
            out.write(0x32);
            out.write(remainingLength(header.length + claimedPayloadBytes));
            out.write(header);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the given QoS 1 PUBLISHes in one go, without waiting for any PUBACK. */
    void sendPublishesAtOnce(String topic, byte[] payload, int count) {
        var all = new ByteArrayOutputStream();
        for (int id = 1; id <= count; id++) {
            var header = publishVariableHeader(topic, id);
            all.write(0x32);
            all.writeBytes(remainingLength(header.length + payload.length));
            all.writeBytes(header);
            all.writeBytes(payload);
        }
        try {
            out.write(all.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet from the broker, or empty once it closed the connection. */
    Optional<Packet> nextPacket() {
        try {
            int first = in.read();
            if (first < 0) {
                return Optional.empty();
            }
            int length = 0;
            int shift = 0;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length |= (digit & 0x7F) << shift;
                shift += 7;
            } while ((digit & 0x80) != 0);
            var body = new byte[length];
            in.readFully(body);
            return Optional.of(new Packet(first >>> 4, body));
        } catch (EOFException | SocketException closed) {
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("the broker neither answered nor closed the connection", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the broker's DISCONNECT and returns its reason code, or empty if it closed without one. */
    Optional<Integer> awaitDisconnectReason() {
        for (var packet = nextPacket(); packet.isPresent(); packet = nextPacket()) {
            if (packet.get().type() == DISCONNECT) {
                return Optional.of(packet.get().body().length == 0 ? 0 : packet.get().body()[0] & 0xFF);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket the broker may already have closed.
        }
    }

    private void send(int firstByte, byte[] body) throws IOException {
        out.write(firstByte);
        out.write(remainingLength(body.length));
        out.write(body);
        out.flush();
    }

    private static byte[] publishVariableHeader(String topic, int packetId) {
        var header = new ByteArrayOutputStream();
        writeString(header, topic);
        header.write(packetId >>> 8);
        header.write(packetId & 0xFF);
        header.write(0);
        return header.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static byte[] remainingLength(int length) {
        var encoded = new ByteArrayOutputStream(4);
        do {
            int digit = length % 128;
            length /= 128;
            encoded.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return encoded.toByteArray();
    }

    /** One MQTT control packet: its type (the fixed header's upper nibble) and everything after the length. */
    record Packet(int type, byte[] body) {
    }
}
