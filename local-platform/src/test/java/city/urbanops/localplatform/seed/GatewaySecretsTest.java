package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySecretsTest {

    @TempDir
    Path dir;

    @Test
    void aRestartedPlatformReusesTheSecretsAndGeneratesOnlyForNewGateways() throws Exception {
        Path file = dir.resolve("gateway-secrets.properties");

        var first = GatewaySecrets.loadOrCreate(file, List.of("gw-01"), new SecureRandom());
        var second = GatewaySecrets.loadOrCreate(file, List.of("gw-01", "gw-02"), new SecureRandom());

        assertThat(second.secretOf("gw-01")).isEqualTo(first.secretOf("gw-01")).startsWith("uogw_").hasSize(48);
        assertThat(second.secretOf("gw-02")).startsWith("uogw_").isNotEqualTo(second.secretOf("gw-01"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.toString()).doesNotContain(second.secretOf("gw-01"));
    }
}
