package city.urbanops.events.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.codec.EventJson;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class MeasurementCatalogTest {

    @Test
    void theDocumentedTextLengthIsTheOneTheSchemaEnforces() throws IOException {
        try (InputStream schema = getClass().getResourceAsStream("/schemas/v1/measurement.json")) {
            var maxLength = new EventJson().readTree(schema.readAllBytes()).get("properties").get("vs").get("maxLength");

            assertThat(maxLength.intValue()).isEqualTo(MeasurementCatalog.MAX_TEXT_LENGTH);
        }
    }
}
