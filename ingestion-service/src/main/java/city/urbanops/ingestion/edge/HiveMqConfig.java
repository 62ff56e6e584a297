package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.config.IngestionProperties;

/**
 * Renders HiveMQ's {@code conf/config.xml}, the only way to configure an embedded HiveMQ CE. Sessions are held in
 * memory: a gateway keeps its unacknowledged batches itself, so a broker restart loses nothing that matters.
 */
final class HiveMqConfig {

    private HiveMqConfig() {
    }

    static String render(IngestionProperties.Mqtt mqtt) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <name>gateways</name>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>%d</max-packet-size>
                        </packets>
                        <receive-maximum>
                            <server-receive-maximum>%d</server-receive-maximum>
                        </receive-maximum>
                    </mqtt>
                    <security>
                        <allow-empty-client-id>
                            <enabled>false</enabled>
                        </allow-empty-client-id>
                    </security>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(mqtt.port(), escape(mqtt.host()), mqtt.maxPacketSize().toBytes(),
                mqtt.serverReceiveMaximum());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
