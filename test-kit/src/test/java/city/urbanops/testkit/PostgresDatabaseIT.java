package city.urbanops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.testkit.postgres.PostgresDatabase;
import city.urbanops.testkit.postgres.PostgresExtension;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresDatabaseIT {

    @Test
    void aCreatedDatabaseIsEmptyAndSeparateFromTheDefaultOne(PostgresDatabase shared) throws Exception {
        try (var connection = shared.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS in_default (id int)");
        }

        var own = shared.createDatabase("kit_" + Long.toHexString(System.nanoTime()));

        try (var connection = own.dataSource().getConnection();
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name = 'in_default'")) {
            result.next();
            assertThat(result.getInt(1)).isZero();
            assertThat(connection.getMetaData().getDatabaseProductVersion()).startsWith("17.");
        }
    }

    @Test
    void aStoppedServerComesBackWithItsDataOnTheSamePort() throws Exception {
        try (var own = PostgresDatabase.startEmbedded()) {
            try (var connection = own.dataSource().getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
            }
            int port = own.port();

            own.stop();
            assertThatThrownBy(() -> own.dataSource().getConnection().close()).isInstanceOf(SQLException.class);
            own.start();

            assertThat(own.port()).isEqualTo(port);
            try (var connection = own.dataSource().getConnection();
                 var result = connection.createStatement().executeQuery("SELECT id FROM kept")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(42);
            }
        }
    }
}
