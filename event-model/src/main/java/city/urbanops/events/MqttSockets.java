package city.urbanops.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * How a client of the MQTT endpoint opens its TCP connection: with Nagle's algorithm off ({@code TCP_NODELAY}).
 *
 * <p>A gateway that publishes now and then (a batch every few hundred milliseconds) writes each PUBLISH as a small
 * header and then its payload. With Nagle on, the payload waits until the header is acknowledged, and the endpoint
 * delays that acknowledgement (Linux: up to 40 ms) because it has nothing to send back yet: every batch reached the
 * platform some 40 ms late. Measured with the rules benchmark's paced gateways: publish → on Kafka p50 44 ms with
 * Nagle, a few milliseconds without. Pass {@link #noDelay()} as the MQTT client's socket factory (Paho:
 * {@code MqttConnectionOptions.setSocketFactory}).
 */
public final class MqttSockets extends SocketFactory {

    private static final MqttSockets NO_DELAY = new MqttSockets(SocketFactory.getDefault());

    private final SocketFactory plain;

    private MqttSockets(SocketFactory plain) {
        this.plain = plain;
    }

    /** Plain TCP sockets with {@code TCP_NODELAY} set. */
    public static SocketFactory noDelay() {
        return NO_DELAY;
    }

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
