package city.urbanops.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class MqttSocketsTest {

    @Test
    void anUnconnectedSocketAsPahoAsksForItHasNagleOff() throws IOException {
        try (Socket socket = MqttSockets.noDelay().createSocket()) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void aSocketConnectedByTheFactoryHasNagleOff() throws IOException {
        var loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(0, 1, loopback);
             Socket byName = MqttSockets.noDelay().createSocket(loopback.getHostAddress(), server.getLocalPort());
             Socket byAddress = MqttSockets.noDelay().createSocket(loopback, server.getLocalPort())) {
            assertThat(byName.isConnected()).isTrue();
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
        }
    }
}
