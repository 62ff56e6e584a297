package city.urbanops.bench;

import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.postgres.PostgresNode.Durability;
import city.urbanops.localplatform.inbox.InboxServer;
import city.urbanops.localplatform.inbox.Mail;
import city.urbanops.localplatform.inbox.MailSink;
import city.urbanops.localplatform.inbox.Recent;
import city.urbanops.localplatform.inbox.StandardWebhooks;
import city.urbanops.localplatform.inbox.WebhookCall;
import city.urbanops.localplatform.inbox.WebhookReceiver;
import city.urbanops.localplatform.seed.ExampleAlerting;
import city.urbanops.localplatform.seed.PlatformApiClient;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures alerting-service on real infrastructure: Kafka (its own JVM), a durable PostgreSQL 17 (its database
 * {@code alerting}), Keycloak with the city realm, and alerting-service from its executable jar (full JIT). A webhook
 * endpoint is registered through alerting's API pointing at a receiver in this JVM that verifies every call's
 * Standard Webhooks signature (the local platform's), with one routing policy for every alert: group wait 0, an
 * on-call schedule whose mail goes to an SMTP sink in this JVM. Then alert events are published onto {@code alerts} at
 * {@code rate} per second ({@link AlertNotificationRun}); it prints events/s processed and p50/p99/max from an event's
 * publish to the webhook that names it.
 *
 * <p>Arguments (all optional): {@code rate=100 warmupSeconds=15 seconds=60}.
 */
public final class AlertingBench {

    private static final String DATABASE = "alerting";
    private static final String WEBHOOK_NAME = "bench";
    private static final ExampleAlerting.Recipient ON_CALL = new ExampleAlerting.Recipient("bench", "Bench On Call",
            "bench@city.example");

    /** alerting's dispatcher pause, set for the run (its default is 1 s). */
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final List<String> OWN_FIGURES = List.of("urbanops_alerting_notifications_latency_seconds_count",
            "urbanops_alerting_notifications_latency_seconds_sum", "urbanops_alerting_notifications_latency_seconds_max",
            "urbanops_alerting_notifications_sent_total", "urbanops_alerting_alerts_opened_total");
    /** alerting's own upper bound of max-alerts-listed. */
    static final int MAX_ALERTS_LISTED = 500;

    private AlertingBench() {
    }

    public static void main(String[] args) throws Exception {
        var settings = AlertingBenchSettings.parse(args);
        var repo = Path.of(System.getProperty("urbanops.repo", ".")).toAbsolutePath().normalize();
        var version = System.getProperty("urbanops.version", "0.1.0-SNAPSHOT");
        System.out.printf("Alerting benchmark: rate=%d/s warmupSeconds=%d seconds=%d%n", settings.rate(),
                settings.warmupSeconds(), settings.seconds());
        System.out.printf("Machine: %d cores, JDK %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAverage());

        try (var kafka = KafkaBroker.startDedicated();
             var postgres = PostgresNode.builder(Durability.DURABLE).start();
             var keycloak = KeycloakServer.start(repo.resolve(
                     "platform-security/src/main/resources/keycloak/city-realm.json"));
             var run = new AlertNotificationRun(kafka.bootstrapServers())) {
            postgres.createDatabaseIfMissing(DATABASE);
            // Every genuine call is timed; only the last few are kept, but every id is remembered to spot redeliveries.
            var receiver = new WebhookReceiver(new Recent<WebhookCall>(1_000), Clock.systemUTC(),
                    StandardWebhooks.DEFAULT_TOLERANCE, (int) Math.min(2_000_000, settings.events() + 1_000),
                    run::received);
            try (var mail = MailSink.start(0, new Recent<Mail>(1_000), Clock.systemUTC());
                 var inbox = InboxServer.start(0, mail.mails(), receiver);
                 var alerting = startAlerting(repo, version, kafka, postgres, keycloak, mail.port())) {
                var client = PlatformApiClient.signedIn(URI.create(alerting.baseUrl()), keycloak.issuerUri(),
                        "supervisor", "supervisor");
                var setup = new ExampleAlerting(client, Duration.ofSeconds(60));
                String endpoint = setup.webhookEndpoint(WEBHOOK_NAME, URI.create(inbox.webhookUrl(WEBHOOK_NAME)),
                        secret -> receiver.useSecrets(List.of(secret)));
                String schedule = setup.ensure("schedules",
                        ExampleAlerting.schedule("bench-on-call", "Bench on call", List.of(ON_CALL)));
                setup.ensure("routing-policies", ExampleAlerting.routingPolicy("bench-every-alert",
                        "Bench: every alert at once", 1,
                        Map.of(), schedule, endpoint, Duration.ZERO, Optional.empty()));
                System.out.printf("alerting-service up (log %s); webhook endpoint %s -> %s%n", alerting.log(),
                        endpoint, inbox.webhookUrl(WEBHOOK_NAME));
                System.out.printf("probe alert -> webhook in %d ms%n", run.probe(Duration.ofMinutes(2)).toMillis());
                run.run(settings).print();
                System.out.printf("webhook calls redelivered  %,d (same webhook-id again); refused by signature %,d%n",
                        receiver.duplicates(), receiver.refused());
                System.out.printf("mails received             %,d%n", mail.mails().total());
                printOwnFigures(alerting.baseUrl());
                System.out.printf("%nLoad average at the end: %s%n", loadAverage());
            }
        }
    }

    private static ServiceProcess startAlerting(Path repo, String version, KafkaBroker kafka, PostgresNode postgres,
                                                KeycloakServer keycloak, int smtpPort) {
        int port = FreePorts.next();
        byte[] linkKey = new byte[32];
        new SecureRandom().nextBytes(linkKey);
        var properties = new LinkedHashMap<String, String>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
        properties.put("spring.datasource.username", PostgresNode.USER);
        properties.put("spring.datasource.password", PostgresNode.PASSWORD);
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri());
        properties.put("spring.mail.host", "localhost");
        properties.put("spring.mail.port", Integer.toString(smtpPort));
        properties.put("urbanops.alerting.notification.public-base-url", "http://localhost:" + port);
        // A throw-away key for this run's acknowledge links (the bench never follows one).
        properties.put("urbanops.alerting.notification.link-secret", Base64.getEncoder().encodeToString(linkKey));
        // A throw-away key sealing the webhook secrets of this run's database (the bench's PostgreSQL is thrown away
        // too), and the receiver in this JVM is on localhost.
        byte[] webhookKey = new byte[32];
        new SecureRandom().nextBytes(webhookKey);
        properties.put("urbanops.alerting.webhooks.encryption-keys", "bench:"
                + Base64.getEncoder().encodeToString(webhookKey));
        properties.put("urbanops.alerting.webhooks.allow-private-addresses", "true");
        // The dispatcher composes and sends once per poll interval (default 1 s, which alone puts p99 near 1 s);
        // the bench measures alerting configured for prompt paging.
        properties.put("urbanops.alerting.notification.poll-interval", POLL_INTERVAL.toMillis() + "ms");
        // A notification describes at most max-alerts-listed alerts and only counts the rest: the bench finds an
        // alert by its token in the body, so every alert of a group must be listed.
        properties.put("urbanops.alerting.notification.max-alerts-listed", Integer.toString(MAX_ALERTS_LISTED));
        return ServiceProcess.of("alerting-service", repo.resolve("alerting-service").resolve("target")
                        .resolve("alerting-service-" + version + "-exec.jar"), port, properties)
                .withJvmOptions(ServiceProcess.PRODUCTION_LIKE).start(Duration.ofMinutes(3));
    }

    /**
     * alerting-service's own view, to tell where the time went: its delivery latency runs from the stored alert change
     * to the delivery sent, so the bench's latency minus it is the time the event took to be consumed and stored.
     */
    private static void printOwnFigures(String baseUrl) {
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println("alerting-service's own figures (/actuator/prometheus):");
            response.body().lines()
                    .filter(line -> OWN_FIGURES.stream().anyMatch(line::startsWith))
                    .forEach(line -> System.out.println("  " + line));
        } catch (IOException | RuntimeException e) {
            System.out.println("alerting-service's own figures unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }
}
