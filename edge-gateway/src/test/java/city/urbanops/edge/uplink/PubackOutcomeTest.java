package city.urbanops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
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

    @Test
    void aSuccessPubackCountsTheRejectedReadingsByReason() {
        var outcome = PubackOutcome.ofPuback(0x00, null, Map.of("urbanops.accepted", "7", "urbanops.rejected", "3",
                "urbanops.rejected.OUT_OF_RANGE", "2", "urbanops.rejected.VALUE", "1", "vendor.other", "x"));

        assertThat(outcome).isEqualTo(new PubackOutcome.Delivered(0x00, Map.of("OUT_OF_RANGE", 2, "VALUE", 1)));
        assertThat(((PubackOutcome.Delivered) outcome).rejectedCount()).isEqualTo(3);
    }

    @Test
    void aCountThatIsNotANumberIsIgnored() {
        assertThat(PubackOutcome.ofPuback(0x00, null, Map.of("urbanops.rejected.VALUE", "many")))
                .isEqualTo(new PubackOutcome.Delivered(0x00, Map.of()));
    }
}
