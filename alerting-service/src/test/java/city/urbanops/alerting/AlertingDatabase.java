package city.urbanops.alerting;

import city.urbanops.testkit.TestInfrastructure;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A fresh database with alerting's migrations applied, on the test JVM's shared real PostgreSQL. */
public final class AlertingDatabase {

    private AlertingDatabase() {
    }

    /** Creates the database {@code <prefix>_<random>} and migrates it. */
    public static DataSource fresh(String prefix) {
        var name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        var database = TestInfrastructure.postgres().createDatabase(name);
        var dataSource = database.dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
