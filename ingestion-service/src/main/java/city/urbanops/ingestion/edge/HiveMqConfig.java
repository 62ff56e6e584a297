package city.urbanops.ingestion.edge;

import city.urbanops.ingestion.config.IngestionProperties;

/**
 * Renders HiveMQ's {@code conf/config.xml}, the only way to configure an embedded HiveMQ CE. Sessions are held in
 * memory: a gateway keeps its unacknowledged batches itself, so a broker restart loses nothing that matters.
 *
 * <p>The packet size, receive maximum and restrictions bound what a client can make HiveMQ hold before the
 * extension sees anything: HiveMQ refuses a packet over the limit from its fixed header alone (DISCONNECT 0x95), so
 * its bytes are never buffered.
 */
final class HiveMqConfig {

    /** Longest client id HiveMQ admits (CONNACK 0x85 beyond): the gateway id syntax allows 64 characters. */
    static final int MAX_CLIENT_ID_LENGTH = 64;

    private HiveMqConfig() {
    }

    static String render(IngestionProperties properties) {
        var mqtt = properties.mqtt();
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
                    <restrictions>
                        <max-connections>%d</max-connections>
                        <max-client-id-length>%d</max-client-id-length>
                        <no-connect-idle-timeout>%d</no-connect-idle-timeout>
                        <incoming-bandwidth-throttling>%d</incoming-bandwidth-throttling>
                    </restrictions>
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
                """.formatted(mqtt.port(), escape(mqtt.host()), properties.maxPacketSize(),
                mqtt.serverReceiveMaximum(), mqtt.maxConnections(), MAX_CLIENT_ID_LENGTH,
                mqtt.noConnectIdleTimeout().toMillis(), mqtt.incomingBytesPerSecond().toBytes());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
