package city.urbanops.localplatform.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPortSomebodyListensOnIsNamedWithItsPurpose() throws Exception {
        try (var taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(Map.of(port, "Keycloak")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port + " (Keycloak)");
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertThat(Ports.inUse(port)).isFalse();
    }
}
