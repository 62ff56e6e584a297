package city.urbanops.localplatform;

import city.urbanops.events.Topics;
import city.urbanops.launchers.kafka.KafkaNode;
import city.urbanops.launchers.postgres.PostgresNode;
import city.urbanops.launchers.process.ChildProcess;
import city.urbanops.launchers.process.PidFiles;
import city.urbanops.localplatform.inbox.InboxServer;
import city.urbanops.localplatform.inbox.Mail;
import city.urbanops.localplatform.inbox.MailSink;
import city.urbanops.localplatform.inbox.Recent;
import city.urbanops.localplatform.inbox.StandardWebhooks;
import city.urbanops.localplatform.inbox.WebhookReceiver;
import city.urbanops.localplatform.process.Leftovers;
import city.urbanops.localplatform.process.Ports;
import city.urbanops.localplatform.process.Progress;
import city.urbanops.localplatform.seed.ExampleAlerting;
import city.urbanops.localplatform.seed.ExampleRules;
import city.urbanops.localplatform.seed.GatewaySecrets;
import city.urbanops.localplatform.seed.CityProvisioning;
import city.urbanops.localplatform.seed.PlatformApiClient;
import city.urbanops.localplatform.seed.SimulatedCityPlan;
import city.urbanops.localplatform.services.AlertingConfiguration;
import city.urbanops.localplatform.services.ServiceProcesses;
import city.urbanops.localplatform.services.ServiceSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Starts the whole platform on this machine: Kafka, PostgreSQL, Keycloak, every service and a simulated city, each
 * in its own process with its log in {@code .local/logs}; Ctrl-C stops them all in reverse order.
 */
public final class LocalPlatform {

    private static final String LAUNCHER_PID = "launcher.pid";
    private static final int REGISTRY_PORT = 8083;
    private static final int RULES_PORT = 8084;
    private static final int ALERTING_PORT = 8085;
    private static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("ingestion-service", 8081, List.of(1883), List.of()),
            new ServiceSpec("telemetry-service", 8082, List.of(), List.of()),
            new ServiceSpec("device-registry-service", REGISTRY_PORT, List.of(), List.of()),
            new ServiceSpec("rules-service", RULES_PORT, List.of(), List.of()),
            new ServiceSpec("alerting-service", ALERTING_PORT, List.of(), List.of()),
            new ServiceSpec("operator-api", 8080, List.of(), List.of()));
    private static final int STEPS = 7 + SERVICES.size() + 1;
    private static final Duration KEYCLOAK_READY = Duration.ofSeconds(300);

    private final LocalLayout layout;
    private final LauncherSettings settings;
    private final PrintStream out;
    private final LauncherFiles launcherFiles;
    private final Deque<Runnable> stopInReverse = new ArrayDeque<>();
    private final Progress progress;
    private volatile boolean stopping;

    LocalPlatform(LocalLayout layout, LauncherSettings settings, PrintStream out, Path launcherDir) {
        this.layout = layout;
        this.settings = settings;
        this.out = out;
        this.launcherFiles = new LauncherFiles(launcherDir);
        this.progress = new Progress(out, STEPS);
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : System.getProperty("user.dir"));
        var layout = LocalLayout.under(repo).create();
        // slf4j-simple reads these once, at the first logger: keep library logs out of the console.
        System.setProperty("org.slf4j.simpleLogger.logFile", layout.log("launcher").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        var platform = new LocalPlatform(layout, LauncherSettings.from(System.getenv()), System.out, LauncherFiles.ofThisLauncher());
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stopAll, "urbanops-shutdown"));
        try {
            platform.start();
        } catch (RuntimeException failure) {
            if (platform.stopping) {
                // Ctrl-C while starting: the waits fail because their processes were stopped on purpose.
                return;
            }
            System.err.println();
            System.err.println("UrbanOps did not start: " + failure.getMessage());
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    void start() {
        long began = System.nanoTime();
        claimLauncherPid();
        var postgres = LocalInfrastructure.postgres(layout);
        stopLeftovers(postgres);
        Ports.requireFree(requiredPorts());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var keycloak = LocalInfrastructure.keycloak(layout, launcherFiles.keycloakZip(), launcherFiles.keycloakVersion(), settings);
        // Keycloak is the slowest to start and needed by nobody at startup: let it boot while the rest starts.
        keycloak.launch();
        long keycloakLaunched = System.nanoTime();
        stopInReverse.push(keycloak::stop);

        var kafka = LocalInfrastructure.kafka(layout, launcherFiles.classpath());
        step("Kafka (KRaft) on localhost:9092, " + Topics.DEFINITIONS.size() + " topics", () -> {
            stopInReverse.push(kafka::stop);
            kafka.start();
            kafka.createTopics(Topics.DEFINITIONS);
        });
        step("PostgreSQL 17 on localhost:5432", () -> {
            stopInReverse.push(postgres::stop);
            postgres.start();
            postgres.createDatabaseIfMissing(LocalInfrastructure.DATABASE);
            postgres.createDatabaseIfMissing(LocalInfrastructure.REGISTRY_DATABASE);
            postgres.createDatabaseIfMissing(LocalInfrastructure.RULES_DATABASE);
            postgres.createDatabaseIfMissing(LocalInfrastructure.ALERTING_DATABASE);
            postgres.createDatabaseIfMissing(LocalInfrastructure.OPERATOR_DATABASE);
        });
        var receiver = new WebhookReceiver(new Recent<>(settings.inboxKeep()), Clock.systemUTC(),
                StandardWebhooks.DEFAULT_TOLERANCE, 10 * settings.inboxKeep(), (call, receivedNanos) -> { });
        var inbox = startInbox(receiver);
        Path alertingConfig = AlertingConfiguration.write(layout, settings.smtpPort(),
                "http://localhost:" + ALERTING_PORT);
        var plan = SimulatedCityPlan.of(settings.gateways(), settings.devicesPerGateway(), settings.citySeed());
        var services = new ServiceProcesses(layout, java, platformProperties(kafka, postgres));
        startInParallel(services, SERVICES.stream().map(spec -> withOwnDatabase(spec, postgres))
                .map(spec -> withOwnConfiguration(spec, alertingConfig)).toList());
        step("Keycloak 26 on localhost:8180 (realm city)", keycloakLaunched, () -> keycloak.awaitReady(KEYCLOAK_READY));
        Path edgeCity = layout.run().resolve("edge-city.properties");
        step("City provisioned through the registry's bulk import (%d gateways, %d devices)"
                .formatted(plan.gateways().size(), plan.devices().size()), () -> {
            var registry = PlatformApiClient.signedIn(URI.create("http://localhost:" + REGISTRY_PORT),
                    LocalInfrastructure.ISSUER, "admin", "admin");
            var provisioned = new CityProvisioning(registry).provision(plan,
                    GatewaySecrets.load(layout.data().resolve("gateway-secrets.properties")));
            writePrivate(edgeCity, plan.edgeGatewayProperties(provisioned.secrets()));
        });
        step("Example rules enabled: " + String.join(", ", ExampleRules.RULES.keySet()) + " (docs/rules.md)", () -> {
            var rules = PlatformApiClient.signedIn(URI.create("http://localhost:" + RULES_PORT),
                    LocalInfrastructure.ISSUER, "supervisor", "supervisor");
            new ExampleRules(rules).enable(Duration.ofSeconds(60));
        });
        seedAlerting(plan, inbox, receiver);
        var edge = new ServiceSpec("edge-gateway", 8086, List.of(),
                List.of("--spring.config.additional-location=file:" + edgeCity));
        startInParallel(services, List.of(edge));
        out.println(Summary.text(layout, settings, plan.devices().get(1).id(), (System.nanoTime() - began) / 1e9));
    }

    /** The SMTP sink and the inbox page with the webhook receiver, in this JVM; stopped with the rest. */
    private InboxServer startInbox(WebhookReceiver receiver) {
        var holder = new InboxServer[1];
        step("Inbox http://localhost:%d (SMTP sink localhost:%d, webhook receiver)"
                .formatted(settings.inboxPort(), settings.smtpPort()), () -> {
            var mail = MailSink.start(settings.smtpPort(), new Recent<Mail>(settings.inboxKeep()), Clock.systemUTC());
            stopInReverse.push(mail::close);
            holder[0] = InboxServer.start(settings.inboxPort(), mail.mails(), receiver);
            stopInReverse.push(holder[0]::close);
        });
        return holder[0];
    }

    /**
     * Registers the local receiver as alerting's webhook endpoint and seeds schedules and routing policies. Not fatal:
     * the platform is useful without notifications, so a refusal is reported and the start goes on.
     */
    private void seedAlerting(SimulatedCityPlan plan, InboxServer inbox, WebhookReceiver receiver) {
        String what = "Alerting: on-call schedules, routing policies, webhook endpoint -> " + inbox.webhookUrl(
                ExampleAlerting.WEBHOOK_NAME);
        long since = System.nanoTime();
        try {
            var alerting = PlatformApiClient.signedIn(URI.create("http://localhost:" + ALERTING_PORT),
                    LocalInfrastructure.ISSUER, "supervisor", "supervisor");
            var departments = Stream.concat(plan.gateways().stream(), plan.devices().stream())
                    .map(SimulatedCityPlan.PlannedDevice::department).distinct().sorted().toList();
            new ExampleAlerting(alerting, Duration.ofSeconds(60)).seed(departments,
                    URI.create(inbox.webhookUrl(ExampleAlerting.WEBHOOK_NAME)),
                    secret -> receiver.useSecrets(List.of(secret)));
            progress.ready(what, System.nanoTime() - since);
        } catch (RuntimeException failure) {
            progress.skipped(what, "alerting-service did not take the example set-up, so injected incidents send no"
                    + " mail or webhook: " + failure.getMessage());
        }
    }

    /** Stops everything this launcher started, newest first, and waits for each. Safe to call twice. */
    void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (!stopInReverse.isEmpty()) {
            out.println();
            out.println("Stopping UrbanOps ...");
        }
        while (!stopInReverse.isEmpty()) {
            try {
                stopInReverse.pop().run();
            } catch (RuntimeException failure) {
                // Keep stopping the rest: one stubborn process must not leave the others running.
                out.println("  " + failure.getMessage());
            }
        }
        try {
            Files.deleteIfExists(layout.pidFile(LAUNCHER_PID.replace(".pid", "")));
        } catch (IOException e) {
            out.println("  cannot remove " + LAUNCHER_PID + ": " + e.getMessage());
        }
        out.println("UrbanOps stopped.");
    }

    private void startInParallel(ServiceProcesses services, List<ServiceSpec> specs) {
        Map<ServiceSpec, ChildProcess> started = new LinkedHashMap<>();
        for (ServiceSpec spec : specs) {
            ChildProcess process = services.start(spec);
            started.put(spec, process);
        }
        // Services started together stop together: one step in the reverse order.
        stopInReverse.push(() -> started.values().parallelStream().forEach(p -> p.stop(Duration.ofSeconds(30))));
        long launched = System.nanoTime();
        var waits = started.entrySet().stream().map(entry -> CompletableFuture.runAsync(() -> {
            services.awaitHealthy(entry.getKey(), entry.getValue());
            progress.ready(entry.getKey().module() + " on localhost:" + entry.getKey().port(), System.nanoTime() - launched);
            entry.getValue().onUnexpectedExit(code -> {
                if (!stopping) {
                    out.printf("%n!! %s exited with code %d; see %s%n", entry.getKey().module(), code, entry.getValue().log());
                }
            });
        })).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(waits).join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /**
     * The registry, rules-service, alerting-service and operator-api keep their own databases; every other service shares
     * {@link LocalInfrastructure#DATABASE}.
     */
    private static ServiceSpec withOwnDatabase(ServiceSpec spec, PostgresNode postgres) {
        String database = switch (spec.module()) {
            case "device-registry-service" -> LocalInfrastructure.REGISTRY_DATABASE;
            case "rules-service" -> LocalInfrastructure.RULES_DATABASE;
            case "alerting-service" -> LocalInfrastructure.ALERTING_DATABASE;
            case "operator-api" -> LocalInfrastructure.OPERATOR_DATABASE;
            default -> null;
        };
        if (database == null) {
            return spec;
        }
        var arguments = new java.util.ArrayList<>(spec.extraArguments());
        arguments.add("--spring.datasource.url=" + postgres.jdbcUrl(database));
        return new ServiceSpec(spec.module(), spec.port(), spec.extraPorts(), List.copyOf(arguments));
    }

    /** alerting-service reads its mail, link and secret settings from an owner-only file. */
    private static ServiceSpec withOwnConfiguration(ServiceSpec spec, Path alertingConfig) {
        if (!spec.module().equals("alerting-service")) {
            return spec;
        }
        var arguments = new java.util.ArrayList<>(spec.extraArguments());
        arguments.add("--spring.config.additional-location=file:" + alertingConfig);
        return new ServiceSpec(spec.module(), spec.port(), spec.extraPorts(), List.copyOf(arguments));
    }

    private Map<String, String> platformProperties(KafkaNode kafka, PostgresNode postgres) {
        var props = new LinkedHashMap<String, String>();
        props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("urbanops.ingestion.kafka.bootstrap-servers", kafka.bootstrapServers());
        props.put("spring.datasource.url", postgres.jdbcUrl(LocalInfrastructure.DATABASE));
        props.put("spring.datasource.username", PostgresNode.USER);
        props.put("spring.datasource.password", PostgresNode.PASSWORD);
        props.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", LocalInfrastructure.ISSUER);
        props.put("urbanops.edge.mqtt.server-uri", "tcp://localhost:1883");
        return props;
    }

    private Map<Integer, String> requiredPorts() {
        var ports = new LinkedHashMap<Integer, String>();
        ports.put(LocalInfrastructure.KAFKA_PORT, "Kafka");
        ports.put(LocalInfrastructure.KAFKA_CONTROLLER_PORT, "Kafka controller");
        ports.put(LocalInfrastructure.POSTGRES_PORT, "PostgreSQL");
        ports.put(LocalInfrastructure.KEYCLOAK_PORT, "Keycloak");
        ports.put(LocalInfrastructure.KEYCLOAK_MANAGEMENT_PORT, "Keycloak management/health");
        for (ServiceSpec spec : SERVICES) {
            ports.put(spec.port(), spec.module());
            spec.extraPorts().forEach(port -> ports.put(port, spec.module() + " (MQTT)"));
        }
        ports.put(8086, "edge-gateway");
        ports.put(settings.smtpPort(), "SMTP sink (URBANOPS_SMTP_PORT)");
        ports.put(settings.inboxPort(), "inbox page and webhook receiver (URBANOPS_INBOX_PORT)");
        return ports;
    }

    private void claimLauncherPid() {
        Path pidFile = layout.run().resolve(LAUNCHER_PID);
        var running = PidFiles.readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(c -> c.contains("local-platform")).orElse(false))
                .filter(handle -> handle.pid() != ProcessHandle.current().pid());
        if (running.isPresent()) {
            throw new IllegalStateException("UrbanOps is already running from this directory (launcher pid "
                    + running.get().pid() + "). Stop it with Ctrl-C in its terminal or `kill " + running.get().pid() + "`.");
        }
        write(pidFile, List.of(Long.toString(ProcessHandle.current().pid())));
    }

    /**
     * Stops what a killed launcher left running, in the order a clean stop would have used: clients first (edge
     * gateway, then the services together), then Keycloak and Kafka, and PostgreSQL last.
     */
    private void stopLeftovers(PostgresNode postgres) {
        var leftovers = Leftovers.of(layout.run(), layout.local().toString());
        var edge = List.of("edge-gateway.pid");
        var services = SERVICES.stream().map(spec -> spec.module() + ".pid").toList();
        var rest = new java.util.ArrayList<>(List.of(LAUNCHER_PID));
        rest.addAll(edge);
        rest.addAll(services);
        report(leftovers.stopOnly(edge, Duration.ofSeconds(30)));
        report(leftovers.stopOnly(services, Duration.ofSeconds(30)));
        report(leftovers.stopAll(rest, Duration.ofSeconds(60)));
        postgres.stopOrphan().ifPresent(pid -> progress.note("stopped orphaned PostgreSQL (pid " + pid + ") of a previous run"));
    }

    private void report(List<Leftovers.Leftover> stopped) {
        stopped.forEach(leftover -> progress.note("stopped leftover " + leftover.pidFile().getFileName()
                .toString().replace(".pid", "") + " (pid " + leftover.process().pid() + ") of a previous run"));
    }

    private void step(String what, Runnable action) {
        step(what, System.nanoTime(), action);
    }

    private void step(String what, long since, Runnable action) {
        action.run();
        progress.ready(what, System.nanoTime() - since);
    }

    /** Writes a file only its owner can read: it holds the gateways' secrets. */
    private static void writePrivate(Path file, List<String> lines) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
