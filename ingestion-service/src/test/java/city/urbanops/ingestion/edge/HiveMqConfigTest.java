package city.urbanops.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import city.urbanops.ingestion.config.IngestionProperties;
import java.io.StringReader;
import java.time.Duration;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class HiveMqConfigTest {

    private static final IngestionProperties PROPERTIES = new IngestionProperties("i-1", Duration.ofSeconds(15),
            new IngestionProperties.Mqtt("127.0.0.1", 1883, DataSize.ofKilobytes(64), 4, 120,
                    Duration.ofSeconds(10), DataSize.ofMegabytes(8), DataSize.ofMegabytes(32), DataSize.ofKilobytes(4),
                    null),
            new IngestionProperties.Kafka("localhost:9092", Duration.ofSeconds(10), Duration.ofSeconds(1),
                    Duration.ofMillis(1), "lz4", Duration.ofSeconds(3)),
            new IngestionProperties.Uplink(DataSize.ofMegabytes(1), Duration.ofDays(30), Duration.ofMinutes(5)),
            new IngestionProperties.Registry("ingestion-registry-view", Duration.ofSeconds(10)));

    @Test
    void theRenderedConfigurationIsValidForHiveMq() throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(HiveMqConfig.class.getClassLoader().getResource("config.xsd"));

        assertThatCode(() -> schema.newValidator()
                .validate(new StreamSource(new StringReader(HiveMqConfig.render(PROPERTIES)))))
                .doesNotThrowAnyException();
    }

    @Test
    void hiveMqIsBoundToTheBatchLimitTheReceiveMaximumAndTheRestrictions() {
        String xml = HiveMqConfig.render(PROPERTIES);

        assertThat(xml).contains("<max-packet-size>" + (1024 * 1024 + 64 * 1024) + "</max-packet-size>",
                "<server-receive-maximum>4</server-receive-maximum>",
                "<max-connections>120</max-connections>",
                "<max-client-id-length>64</max-client-id-length>",
                "<no-connect-idle-timeout>10000</no-connect-idle-timeout>",
                "<incoming-bandwidth-throttling>" + 8 * 1024 * 1024 + "</incoming-bandwidth-throttling>");
    }
}
