package city.urbanops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PubackOutcomeTest {

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x10})
    void successReasonCodesMeanDelivered(int code) {
        assertThat(PubackOutcome.ofReasonCode(code, null)).isInstanceOf(PubackOutcome.Delivered.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x99, 0x87})
    void payloadFormatInvalidAndNotAuthorizedAreFinal(int code) {
        assertThat(PubackOutcome.ofReasonCode(code, "no")).isEqualTo(new PubackOutcome.Rejected(code, "no"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x83, 0x91, 0x97})
    void otherErrorReasonCodesAreRetried(int code) {
        assertThat(PubackOutcome.ofReasonCode(code, "later")).isEqualTo(new PubackOutcome.RetryLater(code, "later"));
    }
}
