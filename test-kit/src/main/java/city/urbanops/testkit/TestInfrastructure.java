package city.urbanops.testkit;

import city.urbanops.testkit.kafka.KafkaBroker;
import city.urbanops.testkit.postgres.PostgresDatabase;

/**
 * The real infrastructure shared by all tests of one JVM: started on first use, stopped when the JVM exits
 * (and, for the broker, also when the JVM is killed: its process watches ours).
 */
public final class TestInfrastructure {

    private static KafkaBroker kafka;
    private static PostgresDatabase postgres;

    private TestInfrastructure() {
    }

    /** The shared Kafka broker with every platform topic created. Do not stop it; use a dedicated one for that. */
    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.startDedicated();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-shutdown"));
        }
        return kafka;
    }

    /** The shared PostgreSQL server's default database; tests wanting isolation create their own database. */
    public static synchronized PostgresDatabase postgres() {
        if (postgres == null) {
            postgres = PostgresDatabase.startEmbedded();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-shutdown"));
        }
        return postgres;
    }
}
