package city.urbanops.operatorapi.audit;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The command-line check of the audit log: verifies the chain straight from the database, without starting the
 * application. Prints {@code audit log intact: N entries} (exit 0) or {@code audit log BROKEN at entry #seq (eventId):
 * what} (exit 1); a check that cannot run (no database, bad arguments) exits 2.
 *
 * <p>Connection from {@code --url=}, {@code --user=}, {@code --password=}, else from {@code URBANOPS_DB_URL},
 * {@code URBANOPS_DB_USER}, {@code URBANOPS_DB_PASSWORD} (prefer the environment for the password: arguments show in
 * the process list). With {@code --kafka=} (or {@code URBANOPS_KAFKA_BOOTSTRAP}) the chain is also compared with its
 * newest anchor on {@code audit.anchors}, which finds the newest entries removed; a Kafka that cannot be read exits 2. From the executable jar:
 * {@code java -cp operator-api-exec.jar -Dloader.main=city.urbanops.operatorapi.audit.AuditChainCheck
 * org.springframework.boot.loader.launch.PropertiesLauncher --url=jdbc:postgresql://host:5432/operator}.
 */
public final class AuditChainCheck {

    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int CANNOT_CHECK = 2;

    private static final String USAGE = "usage: AuditChainCheck [--url=JDBC_URL] [--user=USER] [--password=PASSWORD]"
            + " [--batch-size=N] [--kafka=BOOTSTRAP_SERVERS] [--chain=NAME]  (defaults from URBANOPS_DB_URL,"
            + " URBANOPS_DB_USER, URBANOPS_DB_PASSWORD, URBANOPS_KAFKA_BOOTSTRAP; chain operator-api)";

    private AuditChainCheck() {
    }

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Standard output is the check's one line: the Kafka and database clients log warnings and errors only. */
    private static void quietLibraries() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Runs the check and returns the exit code; what it finds goes to {@code out}, why it cannot check to {@code err}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String url = env.get("URBANOPS_DB_URL");
        String user = env.get("URBANOPS_DB_USER");
        String password = env.get("URBANOPS_DB_PASSWORD");
        int batchSize = 1000;
        String kafka = env.get("URBANOPS_KAFKA_BOOTSTRAP");
        String chain = "operator-api";
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            switch (name) {
                case "--url" -> url = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--kafka" -> kafka = value;
                case "--chain" -> chain = value;
                case "--batch-size" -> {
                    try {
                        batchSize = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        batchSize = 0;
                    }
                }
                default -> {
                    err.println("unknown argument " + name + "\n" + USAGE);
                    return CANNOT_CHECK;
                }
            }
        }
        if (url == null || url.isBlank() || batchSize < 1 || batchSize > 10_000) {
            err.println((url == null || url.isBlank() ? "no database URL given" : "batch size must be 1..10000")
                    + "\n" + USAGE);
            return CANNOT_CHECK;
        }
        try {
            var dataSource = new DriverManagerDataSource(url, user == null ? "" : user, password == null ? "" : password);
            var anchor = AuditChainVerifier.Anchor.of(Optional.empty());
            if (kafka != null && !kafka.isBlank()) {
                try {
                    anchor = AuditChainVerifier.Anchor.of(new AuditAnchorReader(kafka, Duration.ofSeconds(15))
                            .latest(chain));
                } catch (AuditAnchorReader.Unavailable unreadable) {
                    err.println("cannot read the audit anchor from Kafka at " + kafka + ": "
                            + unreadable.getMessage());
                    return CANNOT_CHECK;
                }
            } else {
                anchor = AuditChainVerifier.Anchor.unreadable("no Kafka given (--kafka=)");
            }
            ChainVerification result = new AuditChainVerifier(JdbcClient.create(dataSource), batchSize)
                    .verify(anchor);
            out.println(result.summary());
            return result.intact() ? INTACT : BROKEN;
        } catch (RuntimeException failure) {
            // The driver's message names the host and the failure, never the password.
            err.println("cannot check the audit log at " + withoutQuery(url) + ": " + rootMessage(failure));
            return CANNOT_CHECK;
        }
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
