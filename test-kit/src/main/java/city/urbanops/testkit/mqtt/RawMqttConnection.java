package city.urbanops.testkit.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * An MQTT 5 connection written byte by byte, for what a client library will not do: connect thousands of times a
 * second without its overhead, or connect and then say nothing at all (no PINGREQ), as a gateway whose link went
 * dead without a TCP reset looks to the server. Only CONNECT, CONNACK and DISCONNECT.
 */
public final class RawMqttConnection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int connackReasonCode;

    private RawMqttConnection(Socket socket, int connackReasonCode) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.connackReasonCode = connackReasonCode;
    }

    /**
     * Sends a CONNECT (clean start, user name = client id, the password) with {@code keepAlive} and waits for the
     * CONNACK.
     */
    public static RawMqttConnection connect(String host, int port, String clientId, String password,
                                            Duration keepAlive) {
        try {
            var socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            var body = new ByteArrayOutputStream();
            writeString(body, "MQTT");
            body.write(5);
            body.write(0x02 | 0x80 | 0x40);
            body.write((int) (keepAlive.toSeconds() >> 8));
            body.write((int) (keepAlive.toSeconds() & 0xFF));
            body.write(0);
            writeString(body, clientId);
            writeString(body, clientId);
            writeString(body, password);
            var out = socket.getOutputStream();
            out.write(0x10);
            out.write(remainingLength(body.size()));
            body.writeTo(out);
            out.flush();
            var in = new DataInputStream(socket.getInputStream());
            int type = in.readUnsignedByte();
            byte[] connack = in.readNBytes(readRemainingLength(in));
            if (type != 0x20 || connack.length < 2) {
                socket.close();
                throw new IllegalStateException("not a CONNACK: packet type " + type);
            }
            return new RawMqttConnection(socket, connack[1] & 0xFF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int connackReasonCode() {
        return connackReasonCode;
    }

    /**
     * Waits up to {@code timeout}, sending nothing, for the server to end the connection: the reason code of its
     * DISCONNECT (0 when it sent none and just closed), or empty if the connection is still open.
     */
    public Optional<Integer> awaitServerClose(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            int type = in.read();
            if (type < 0) {
                return Optional.of(0);
            }
            byte[] packet = in.readNBytes(readRemainingLength(in));
            return Optional.of((type & 0xF0) == 0xE0 && packet.length > 0 ? packet[0] & 0xFF : 0);
        } catch (SocketTimeoutException stillOpen) {
            return Optional.empty();
        } catch (IOException closed) {
            return Optional.of(0);
        }
    }

    /** Sends DISCONNECT (normal) if connected, and closes the socket. */
    @Override
    public void close() {
        try (socket) {
            if (connackReasonCode == 0 && !socket.isClosed()) {
                out.write(new byte[] {(byte) 0xE0, 0});
                out.flush();
            }
        } catch (IOException alreadyGone) {
            // The server closed it first: nothing left to say.
        }
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    private static byte[] remainingLength(int length) {
        var out = new ByteArrayOutputStream();
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        return out.toByteArray();
    }

    private static int readRemainingLength(DataInputStream in) throws IOException {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        return value;
    }
}
