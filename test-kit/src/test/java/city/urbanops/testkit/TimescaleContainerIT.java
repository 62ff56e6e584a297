package city.urbanops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.testkit.docker.DockerInfrastructure;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Runs only where a Docker engine exists; skipped (not passed) elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class TimescaleContainerIT {

    @Container
    static final PostgreSQLContainer TIMESCALE = DockerInfrastructure.timescaleDb();

    @Test
    void theProductionImageOffersTheTimescaleExtension() throws Exception {
        try (var connection = DriverManager.getConnection(TIMESCALE.getJdbcUrl(), TIMESCALE.getUsername(), TIMESCALE.getPassword());
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            result.next();
            assertThat(result.getInt(1)).isOne();
        }
    }
}
