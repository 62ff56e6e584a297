package city.urbanops.ingestion.status;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    private final EventJson json = new EventJson();

    @Test
    void theConnectivityFieldOfAJsonReportDecides() {
        var report = parse("{\"connectivity\":\"OFFLINE\",\"reason\":\"power saving\"}");

        assertThat(report.connectivity()).isEqualTo(Connectivity.OFFLINE);
        assertThat(report.detail()).contains("power saving");
    }

    @Test
    void aPlainOfflineWordIsUnderstood() {
        assertThat(parse(" Offline\n").connectivity()).isEqualTo(Connectivity.OFFLINE);
    }

    @Test
    void anUnrecognisedReportStillMeansTheGatewayIsOnline() {
        assertThat(parse("{\"firmware\":\"2.1\"}").connectivity()).isEqualTo(Connectivity.ONLINE);
        assertThat(parse("{\"state\":").connectivity()).isEqualTo(Connectivity.ONLINE);
    }

    @Test
    void theDetailIsCappedSoAReportCannotBloatTheEvent() {
        assertThat(parse("x".repeat(5000)).detail()).hasSize(StatusReport.MAX_DETAIL_CHARS);
    }

    private StatusReport parse(String text) {
        return StatusReport.parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), json);
    }
}
