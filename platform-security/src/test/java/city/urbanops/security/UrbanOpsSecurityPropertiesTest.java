package city.urbanops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrbanOpsSecurityPropertiesTest {

    @Test
    void audienceDefaultsToTheApplicationName() {
        assertThat(new UrbanOpsSecurityProperties(null).audienceOr("rules-service")).isEqualTo("rules-service");
        assertThat(new UrbanOpsSecurityProperties(" ").audienceOr("rules-service")).isEqualTo("rules-service");
    }

    @Test
    void configuredAudienceWinsOverTheApplicationName() {
        assertThat(new UrbanOpsSecurityProperties("city-rules").audienceOr("rules-service")).isEqualTo("city-rules");
    }

    @Test
    void serviceWithNeitherAudienceNorNameDoesNotStart() {
        assertThatThrownBy(() -> new UrbanOpsSecurityProperties(null).audienceOr(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("urbanops.security.audience");
    }
}
