package city.urbanops.localplatform.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySecretsTest {

    @TempDir
    Path dir;

    @Test
    void aKeptSecretIsThereAfterARestartInAFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("gateway-secrets.properties");
        GatewaySecrets.load(file).keep("gw-01", new GatewaySecrets.Issued("cred-1", "uogw_secret-one"));

        var reloaded = GatewaySecrets.load(file);

        assertThat(reloaded.issuedTo("gw-01")).contains(new GatewaySecrets.Issued("cred-1", "uogw_secret-one"));
        assertThat(reloaded.issuedTo("gw-02")).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(reloaded.toString()).doesNotContain("uogw_secret-one");
        assertThat(reloaded.issuedTo("gw-01").orElseThrow().toString()).doesNotContain("uogw_secret-one");
    }

    @Test
    void aSecretKeptWithoutTheRegistrysIdOfItIsNotReused() throws Exception {
        Path file = dir.resolve("gateway-secrets.properties");
        Files.writeString(file, "gw-01=uogw_from-before-the-registry-issued-them\n");

        assertThat(GatewaySecrets.load(file).issuedTo("gw-01")).isEmpty();
    }
}
