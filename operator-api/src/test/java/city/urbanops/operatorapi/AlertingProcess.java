package city.urbanops.operatorapi;

import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real alerting-service, run once per JVM from its executable jar with a database of its own, the test kit's
 * Kafka and Keycloak; stopped when the JVM ends (application contexts cached across test classes point at it).
 */
public final class AlertingProcess {

    private static final URI SOURCE = URI.create("urbanops:rules-service");
    private static final EventJson JSON = new EventJson();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceProcess alerting;
    private static KafkaProducer<String, byte[]> producer;

    private AlertingProcess() {
    }

    public static synchronized String baseUrl() {
        if (alerting == null) {
            var db = TestInfrastructure.postgres().createDatabase("console_alerting_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            alerting = ServiceProcess.of("alerting-service", Path.of(System.getProperty("urbanops.jar.alerting-service")),
                    FreePorts.next(), Map.of(
                            "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                            "spring.kafka.consumer.group-id", "console-it-alerting-" + UUID.randomUUID(),
                            "spring.datasource.url", db.jdbcUrl(),
                            "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password(),
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri(),
                            // a throw-away key (32 bytes) sealing webhook secrets in this run's own database
                            "urbanops.alerting.webhooks.encryption-keys", "it:" + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().replace("-", "").getBytes())))
                    .start(Duration.ofMinutes(3));
            Runtime.getRuntime().addShutdownHook(new Thread(alerting::close));
        }
        return alerting.baseUrl();
    }

    /**
     * Raises a new INCIDENT alert as rules-service would (an {@link AlertEvent} on {@code alerts}) and waits until
     * alerting lists it; answers alerting's id of it.
     */
    public static String raise(String department, String district, AlertEvent.Severity severity, String title)
            throws Exception {
        String key = "operator-it/" + department + "/" + UUID.randomUUID().toString().substring(0, 8);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                severity, AlertEvent.Cause.INCIDENT, "confirmed by 2 neighbours",
                List.of(new AlertEvent.Signal("neighbours-confirm", "2 of 3 agree")), title, "Close the underpass",
                "console-it", 1, "fl-1", "gw-1", "site-1", department, district, 52.37, 4.89, at, at,
                new AlertEvent.Evidence("water_level above 1.5 m for PT1M", Map.of("value", 1.5),
                        List.of(new AlertEvent.EvidenceReading("fl-1", at, "water_level", 1.8, null, null))),
                List.of(), 0, null, null);
        return raise(event);
    }

    /** Publishes {@code event} on {@code alerts} as rules-service would and waits until alerting lists it; its id. */
    public static String raise(AlertEvent event) throws Exception {
        String key = event.conditionKey();
        producer().send(CloudEventRecords.toRecord(Topics.ALERTS, key, EventType.ALERT, event.eventId(), SOURCE, key,
                event.time(), JSON.write(event))).get();
        String[] id = new String[1];
        String supervisor = OperatorApiIT.token("supervisor");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/alerts?department="
                            + event.department() + "&district=" + event.district() + "&limit=200"))
                    .header("Authorization", "Bearer " + supervisor).build(), HttpResponse.BodyHandlers.ofString());
            for (var item : JSON.mapper().readTree(answer.body()).get("items")) {
                if (key.equals(item.get("conditionKey").asString())) {
                    id[0] = item.get("id").asString();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
