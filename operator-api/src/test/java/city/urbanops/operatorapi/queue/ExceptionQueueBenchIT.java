package city.urbanops.operatorapi.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventType;
import city.urbanops.operatorapi.OperatorApiIT;
import city.urbanops.operatorapi.command.RegistryProcess;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How long a page of the exception queue takes with 10,000 open alerts in a real alerting-service: prints the p50 and
 * p95 of 40 first pages and 40 pages further down (cursor), measured at the caller (operator-api's server time plus
 * the loopback), each page including its one device-health lookup in a real device-registry-service. A measurement, not a timed assertion: this machine is shared; the figure goes to the README.
 */
class ExceptionQueueBenchIT extends OperatorApiIT {

    private static final int ALERTS = 10_000;
    private static final EventJson JSON = new EventJson();
    private static ServiceProcess alerting;

    @DynamicPropertySource
    static void alertingService(DynamicPropertyRegistry registry) {
        registry.add("urbanops.operator.services.alerting", () -> alerting().baseUrl());
        // Each page also looks its devices' health up in the registry (one bulk call): measured with it.
        registry.add("urbanops.operator.services.registry", RegistryProcess::baseUrl);
    }

    static synchronized ServiceProcess alerting() {
        if (alerting == null) {
            var db = TestInfrastructure.postgres().createDatabase("queue_bench_alerting_" + Long.toHexString(
                    UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE));
            alerting = ServiceProcess.of("alerting-service", Path.of(System.getProperty("urbanops.jar.alerting-service")),
                    FreePorts.next(), Map.of(
                            "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                            "spring.kafka.consumer.group-id", "queue-bench-alerting-" + UUID.randomUUID(),
                            "spring.datasource.url", db.jdbcUrl(),
                            "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password(),
                            "spring.security.oauth2.resourceserver.jwt.issuer-uri", KeycloakServer.shared().issuerUri(),
                            // a throw-away key (32 bytes) sealing webhook secrets in this run's own database
                            "urbanops.alerting.webhooks.encryption-keys", "it:" + java.util.Base64.getEncoder()
                                    .encodeToString(UUID.randomUUID().toString().replace("-", "").getBytes())))
                    .start(Duration.ofMinutes(3));
        }
        return alerting;
    }

    @AfterAll
    static void stopAlerting() {
        if (alerting != null) {
            alerting.close();
            alerting = null;
        }
    }

    @Test
    void pageOfTheQueueWithTenThousandOpenAlerts() throws Exception {
        String district = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        AlertEvent.Severity[] severities = AlertEvent.Severity.values();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            Instant base = Instant.now().minusSeconds(ALERTS);
            for (int i = 0; i < ALERTS; i++) {
                String key = "queue-bench/" + district + "/" + i;
                Instant at = base.plusSeconds(i);
                var event = new AlertEvent(AlertEvent.alertIdOf(key, at), key, AlertEvent.Transition.RAISED, 0,
                        severities[i % severities.length], AlertEvent.Cause.DEVICE_FAULT, "stuck value",
                        List.of(), "Sensor " + i + " stuck", "Check the sensor", "queue-bench", 1, "d-" + i, "gw-1",
                        "site-1", "water", district, 52.37, 4.89, at, at, null, List.of(), 0, null, null);
                producer.send(CloudEventRecords.toRecord(Topics.ALERTS, key, EventType.ALERT, event.eventId(),
                        URI.create("urbanops:rules-service"), key, at, JSON.write(event)));
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(5)).until(() -> countInAlerting(http,
                district) >= ALERTS);

        List<Long> first = new ArrayList<>();
        List<Long> deeper = new ArrayList<>();
        String cursor = null;
        for (int i = 0; i < 40; i++) {
            first.add(timed(http, null));
        }
        for (int i = 0; i < 40; i++) {
            var answer = get(http, cursor);
            cursor = JSON.mapper().readTree(answer.body()).get("nextCursor").asString();
            deeper.add(timed(http, cursor));
        }
        System.out.printf("Exception queue with %,d open alerts: first page p50 %d ms, p95 %d ms; "
                        + "pages further down p50 %d ms, p95 %d ms (50 alerts a page, one call to alerting and "
                        + "one to the registry)%n", ALERTS,
                percentile(first, 50), percentile(first, 95), percentile(deeper, 50), percentile(deeper, 95));
        assertThat(cursor).isNotBlank();
    }

    private int countInAlerting(HttpClient http, String district) throws Exception {
        int count = 0;
        String cursor = null;
        do {
            var answer = http.send(HttpRequest.newBuilder(URI.create(alerting().baseUrl()
                            + "/api/v1/alerts?district=" + district + "&limit=200"
                            + (cursor == null ? "" : "&cursor=" + cursor)))
                    .header("Authorization", "Bearer " + token("supervisor")).build(), HttpResponse.BodyHandlers.ofString());
            var page = JSON.mapper().readTree(answer.body());
            count += page.get("items").size();
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
        } while (cursor != null);
        return count;
    }

    private HttpResponse<String> get(HttpClient http, String cursor) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/exception-queue?limit=50"
                        + (cursor == null ? "" : "&cursor=" + cursor)))
                .header("Authorization", "Bearer " + token("supervisor")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer;
    }

    private long timed(HttpClient http, String cursor) throws Exception {
        long start = System.nanoTime();
        get(http, cursor);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
