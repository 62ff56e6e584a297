package city.urbanops.systemtests.console;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.localplatform.seed.CityProvisioning;
import city.urbanops.localplatform.seed.GatewaySecrets;
import city.urbanops.localplatform.seed.PlatformApiClient;
import city.urbanops.localplatform.seed.SimulatedCityPlan;
import city.urbanops.testkit.FreePorts;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.keycloak.KeycloakServer;
import city.urbanops.testkit.process.ServiceProcess;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The whole platform for the console's browser tests, every service from its own executable jar: device-registry,
 * ingestion (MQTT edge), rules (one flood rule enabled through its API), alerting (its own database, mail to a
 * GreenMail SMTP server in this JVM, water alerts routed to the technician through its API), a small simulated city
 * through edge-gateway (3 gateways x 40 devices) and operator-api (its own database, the console). Shared Kafka,
 * PostgreSQL and Keycloak come from the test kit. One per test class: {@link #start} in {@code @BeforeAll},
 * {@link #close} in {@code @AfterAll}.
 */
final class ConsolePlatform implements AutoCloseable {

    /** 3 gateways (north, south, centre) x 40 devices: 5 of each simulated type per gateway. */
    static final SimulatedCityPlan PLAN = SimulatedCityPlan.of(3, 40, 11);
    static final String FLOOD_RULE = "flood-level-high";
    static final String FLOOD_RULE_NAME = "Street flooding";
    static final String FLOOD_ACTION = "Close the underpasses nearby and send a crew to clear the drains";
    static final String TECHNICIAN_EMAIL = "technician@city.example";

    private static final Duration START = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final KeycloakServer keycloak;
    private final GreenMail smtp;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess registry;
    private ServiceProcess rules;
    private ServiceProcess alerting;
    private ServiceProcess operatorApi;
    private ServiceProcess edge;
    private int mqttPort;

    private ConsolePlatform(KeycloakServer keycloak, GreenMail smtp) {
        this.keycloak = keycloak;
        this.smtp = smtp;
    }

    /** Starts everything; {@code name} keeps databases and consumer groups apart from other classes' platforms. */
    static ConsolePlatform start(String name, Path dir) throws Exception {
        var kafka = TestInfrastructure.kafka();
        var keycloak = KeycloakServer.shared();
        var smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", "smtp"));
        smtp.start();
        var platform = new ConsolePlatform(keycloak, smtp);
        try {
            platform.startServices(name, dir, kafka.bootstrapServers());
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    private void startServices(String name, Path dir, String kafka) throws Exception {
        String issuer = keycloak.issuerUri();
        String run = name + "-" + Long.toHexString(UUID.randomUUID().getMostSignificantBits() & 0xffffffL);
        int consolePort = FreePorts.next();
        String consoleUrl = "http://localhost:" + consolePort;

        var registryDb = TestInfrastructure.postgres().createDatabase(name + "_registry");
        var registryProperties = Map.of("spring.kafka.bootstrap-servers", kafka,
                "spring.datasource.url", registryDb.jdbcUrl(),
                "spring.datasource.username", registryDb.username(),
                "spring.datasource.password", registryDb.password(),
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);

        mqttPort = FreePorts.next();
        var ingestionProperties = Map.of("urbanops.ingestion.mqtt.port", Integer.toString(mqttPort),
                "urbanops.ingestion.kafka.bootstrap-servers", kafka,
                "urbanops.ingestion.instance-id", run + "-ingestion",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);

        var rulesDb = TestInfrastructure.postgres().createDatabase(name + "_rules");
        var rulesProperties = new LinkedHashMap<String, String>();
        rulesProperties.put("spring.kafka.bootstrap-servers", kafka);
        rulesProperties.put("spring.datasource.url", rulesDb.jdbcUrl());
        rulesProperties.put("spring.datasource.username", rulesDb.username());
        rulesProperties.put("spring.datasource.password", rulesDb.password());
        rulesProperties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
        rulesProperties.put("urbanops.rules.application-id", run + "-rules");
        rulesProperties.put("urbanops.rules.state-dir", dir.resolve("rules-state").toString());
        rulesProperties.put("urbanops.rules.network-settle", "PT10S");
        // Every simulated flood sensor stands alone (no neighbour within a metre): one rising sensor whose health is
        // good is an incident on its own, not a device disagreeing with its neighbours.
        rulesProperties.put("urbanops.rules.neighbour-radius", "1");

        var alertingDb = TestInfrastructure.postgres().createDatabase(name + "_alerting");
        var alertingProperties = new LinkedHashMap<String, String>();
        alertingProperties.put("spring.kafka.bootstrap-servers", kafka);
        alertingProperties.put("spring.kafka.consumer.group-id", run + "-alerting");
        // Only this platform's alerts: other classes of this JVM published on the same broker before.
        alertingProperties.put("spring.kafka.consumer.auto-offset-reset", "latest");
        alertingProperties.put("spring.datasource.url", alertingDb.jdbcUrl());
        alertingProperties.put("spring.datasource.username", alertingDb.username());
        alertingProperties.put("spring.datasource.password", alertingDb.password());
        alertingProperties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
        alertingProperties.put("spring.mail.host", "127.0.0.1");
        alertingProperties.put("spring.mail.port", Integer.toString(smtp.getSmtp().getPort()));
        alertingProperties.put("urbanops.alerting.console-url", consoleUrl);
        alertingProperties.put("urbanops.alerting.notification.poll-interval", "200ms");
        alertingProperties.put("urbanops.alerting.notification.link-secret", "browser-test-link-key-" + run);
        alertingProperties.put("urbanops.alerting.webhooks.encryption-keys", "it:" + java.util.Base64.getEncoder()
                .encodeToString(java.util.UUID.randomUUID().toString().replace("-", "").getBytes()));

        var operatorDb = TestInfrastructure.postgres().createDatabase(name + "_operator");
        var operatorProperties = new LinkedHashMap<String, String>();
        operatorProperties.put("spring.kafka.bootstrap-servers", kafka);
        operatorProperties.put("spring.kafka.consumer.group-id", run + "-operator");
        operatorProperties.put("spring.datasource.url", operatorDb.jdbcUrl());
        operatorProperties.put("spring.datasource.username", operatorDb.username());
        operatorProperties.put("spring.datasource.password", operatorDb.password());
        operatorProperties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);

        // Independent of each other: started together, the machine's two cores are busy while one waits for Kafka.
        var registryStart = begin(() -> ServiceProcess.of("device-registry-service", jar("device-registry-service"),
                FreePorts.next(), registryProperties));
        var ingestionStart = begin(() -> ServiceProcess.of("ingestion-service", jar("ingestion-service"),
                FreePorts.next(), ingestionProperties));
        int rulesPort = FreePorts.next();
        var rulesStart = begin(() -> ServiceProcess.of("rules-service", jar("rules-service"), rulesPort,
                rulesProperties));
        var alertingStart = begin(() -> ServiceProcess.of("alerting-service", jar("alerting-service"),
                FreePorts.next(), alertingProperties));
        registry = registryStart.join();
        alerting = alertingStart.join();
        // operator-api calls the others lazily: their URLs are all it needs.
        operatorProperties.put("urbanops.operator.services.registry", registry.baseUrl());
        operatorProperties.put("urbanops.operator.services.alerting", alerting.baseUrl());
        operatorProperties.put("urbanops.operator.services.rules", "http://localhost:" + rulesPort);
        var operatorStart = begin(() -> ServiceProcess.of("operator-api", jar("operator-api"), consolePort,
                operatorProperties));
        ingestionStart.join();
        rules = rulesStart.join();
        operatorApi = operatorStart.join();

        var admin = PlatformApiClient.signedIn(URI.create(registry.baseUrl()), issuer, "admin", "admin");
        var provisioned = new CityProvisioning(admin).provision(PLAN,
                GatewaySecrets.load(dir.resolve("gateway-secrets.properties")));
        enableFloodRule();
        routeWaterAlertsToTheTechnician();
        edge = started(ServiceProcess.of("edge-gateway", jar("edge-gateway"), FreePorts.next(),
                edgeProperties(provisioned.secrets())));
    }

    private CompletableFuture<ServiceProcess> begin(Supplier<ServiceProcess> service) {
        return CompletableFuture.supplyAsync(() -> started(service.get()));
    }

    private ServiceProcess started(ServiceProcess service) {
        synchronized (services) {
            services.add(service);
        }
        return service.start(START);
    }

    /** One flood sensor above 1 m is an incident (the rule is created and enabled through rules-service's API). */
    private void enableFloodRule() throws Exception {
        String token = keycloak.passwordToken("supervisor", "supervisor");
        var created = post(rules.baseUrl() + "/api/v1/rules", token, """
                {"id": "%s", "reason": "console browser test",
                 "rule": {"name": "%s", "severity": "CRITICAL", "recommendedAction": "%s",
                          "scope": {"deviceTypes": ["flood-level"]},
                          "condition": {"type": "threshold", "measurement": "water_level", "direction": "ABOVE",
                                        "value": 1.0, "clearAt": 0.8}}}""".formatted(FLOOD_RULE, FLOOD_RULE_NAME,
                FLOOD_ACTION));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var enabled = post(rules.baseUrl() + "/api/v1/rules/" + FLOOD_RULE + "/enable", token,
                "{\"version\": 1, \"reason\": \"console browser test\"}");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
    }

    /** Water alerts to the technician by email, as local-platform's example alerting does (through the API). */
    private void routeWaterAlertsToTheTechnician() throws Exception {
        var policy = post(alerting.baseUrl() + "/api/v1/routing-policies",
                keycloak.passwordToken("supervisor", "supervisor"), """
                {"id": "water-alerts", "name": "Water alerts to the technician", "priority": 100, "enabled": true,
                 "match": {"departments": ["water"]},
                 "users": [{"userId": "technician", "displayName": "Technician Demo", "email": "%s"}],
                 "groupWait": "PT2S"}""".formatted(TECHNICIAN_EMAIL));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
    }

    private Map<String, String> edgeProperties(GatewaySecrets secrets) {
        var properties = new LinkedHashMap<String, String>();
        for (String line : PLAN.edgeGatewayProperties(secrets)) {
            if (!line.startsWith("#")) {
                properties.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        properties.put("urbanops.edge.mqtt.server-uri", "tcp://localhost:" + mqttPort);
        properties.put("urbanops.edge.simulation.reading-interval", "1s");
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak.issuerUri());
        return properties;
    }

    /** The console's origin, as the browsers reach it. */
    String console() {
        return operatorApi.baseUrl();
    }

    String alertingUrl() {
        return alerting.baseUrl();
    }

    KeycloakServer keycloak() {
        return keycloak;
    }

    /** The first {@code count} devices of {@code type} behind {@code gatewayId}. */
    static List<SimulatedCityPlan.PlannedDevice> devices(String gatewayId, SimulatedCityPlan.DeviceType type,
                                                         int count) {
        return PLAN.devices().stream().filter(d -> d.gatewayId().equals(gatewayId) && d.type() == type)
                .limit(count).toList();
    }

    /** Injects a fault through the simulation's API ({@code POST /api/v1/simulation/incidents}). */
    void inject(String fault) throws Exception {
        var response = post(edge.baseUrl() + "/api/v1/simulation/incidents",
                keycloak.passwordToken("supervisor", "supervisor"), fault);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** An alert as alerting-service's API answers it to the supervisor. */
    String alertAsAlertingHasIt(String alertId) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(alerting.baseUrl() + "/api/v1/alerts/" + alertId))
                .header("Authorization", "Bearer " + keycloak.passwordToken("supervisor", "supervisor")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The text of every email the SMTP server received for {@code address}. */
    List<String> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipients(m).contains(address))
                .map(ConsolePlatform::text).toList();
    }

    private static String recipients(MimeMessage mail) {
        try {
            return Arrays.toString(mail.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MimeMessage mail) {
        try {
            Object content = mail.getContent();
            if (content instanceof String text) {
                return text.replace("\r\n", "\n");
            }
            if (content instanceof jakarta.mail.Multipart multipart) {
                var all = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(multipart.getBodyPart(i).getContent()).append('\n');
                }
                return all.toString().replace("\r\n", "\n");
            }
            return String.valueOf(content);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("urbanops.jar." + module));
    }

    @Override
    public void close() {
        List<ServiceProcess> running;
        synchronized (services) {
            running = new ArrayList<>(services);
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        smtp.stop();
    }
}
