package city.urbanops.events.registry;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.GatewayCredentials.Secret;
import city.urbanops.events.registry.GatewayCredentials.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayCredentialsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final String oldSecret = GatewayTokens.generate(random);
    private final String newSecret = GatewayTokens.generate(random);

    @Test
    void aGeneratedSecretCarriesTwoHundredFiftySixRandomBitsBehindItsPrefix() {
        assertThat(oldSecret).startsWith(GatewayTokens.PREFIX).hasSize(GatewayTokens.PREFIX.length() + 43)
                .isNotEqualTo(newSecret);
    }

    @Test
    void duringARotationBothSecretsWorkUntilTheOldOnesOverlapEnds() {
        var rotating = credentials(DeviceLifecycle.ACTIVE, NOW.plusSeconds(60));

        assertThat(rotating.check(bytes(newSecret), NOW)).isEqualTo(Verdict.ADMITTED);
        assertThat(rotating.check(bytes(oldSecret), NOW)).isEqualTo(Verdict.ADMITTED);
        assertThat(rotating.check(bytes(oldSecret), NOW.plusSeconds(60))).isEqualTo(Verdict.EXPIRED_SECRET);
        assertThat(rotating.check(bytes(newSecret), NOW.plusSeconds(60))).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void aWrongSecretOrAGatewayThatIsNotActiveIsRefused() {
        assertThat(credentials(DeviceLifecycle.ACTIVE, null).check(bytes(newSecret + "x"), NOW))
                .isEqualTo(Verdict.WRONG_SECRET);
        for (var lifecycle : List.of(DeviceLifecycle.PROVISIONED, DeviceLifecycle.SUSPENDED, DeviceLifecycle.REVOKED,
                DeviceLifecycle.DECOMMISSIONED)) {
            assertThat(credentials(lifecycle, null).check(bytes(newSecret), NOW)).as(lifecycle.name())
                    .isEqualTo(Verdict.NOT_ACTIVE);
        }
    }

    @Test
    void theRecordHoldsHashesOnly() {
        var credentials = credentials(DeviceLifecycle.ACTIVE, null);

        assertThat(credentials.toString()).doesNotContain(newSecret).doesNotContain(oldSecret);
        assertThat(credentials.secrets()).extracting(Secret::sha256).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
    }

    private GatewayCredentials credentials(DeviceLifecycle lifecycle, Instant oldExpires) {
        return new GatewayCredentials("gw-7", lifecycle,
                List.of(new Secret("c2", GatewayTokens.sha256Hex(newSecret), NOW, null),
                        new Secret("c1", GatewayTokens.sha256Hex(oldSecret), NOW.minusSeconds(86400),
                                oldExpires == null ? NOW.minusSeconds(1) : oldExpires)),
                List.of(), 2, NOW);
    }

    private static byte[] bytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
