package city.urbanops.testkit.docker;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Container variants of the infrastructure for machines with a Docker engine: TimescaleDB (the production store)
 * and the Apache Kafka image. Tests using them carry {@code @Testcontainers(disabledWithoutDocker = true)} so they
 * skip cleanly where no engine runs; every capability is also proven by a test on the embedded infrastructure.
 */
public final class DockerInfrastructure {

    public static final DockerImageName TIMESCALEDB =
            DockerImageName.parse("timescale/timescaledb:2.22.1-pg17").asCompatibleSubstituteFor("postgres");
    public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

    private DockerInfrastructure() {
    }

    public static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** A TimescaleDB server (not started). */
    public static PostgreSQLContainer timescaleDb() {
        return new PostgreSQLContainer(TIMESCALEDB).withDatabaseName("urbanops");
    }

    /** A single-node KRaft Kafka broker (not started). */
    public static KafkaContainer kafka() {
        return new KafkaContainer(KAFKA);
    }
}
