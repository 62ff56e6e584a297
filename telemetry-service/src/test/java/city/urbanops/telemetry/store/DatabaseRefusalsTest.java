package city.urbanops.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseRefusalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22008", "22007", "22003", "22P05", "23502", "23514", "54000"})
    void dataTheDatabaseCannotHoldIsARefusal(String sqlState) {
        var failure = new UncategorizedSQLException("insert", "INSERT ...",
                new SQLException("ERROR: refused", sqlState));

        assertThat(DatabaseRefusals.of(failure)).hasValueSatisfying(refused -> {
            assertThat(refused.sqlState()).isEqualTo(sqlState);
            assertThat(refused.detail()).isEqualTo("ERROR: refused");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "53300", "57P01", "57P03", "57014", "40001", "40P01", "55P03", "42P01",
            "XX000"})
    void aDatabaseThatIsUnreachableBusyOrMisconfiguredIsNoRefusal(String sqlState) {
        var failure = new UncategorizedSQLException("insert", "INSERT ...", new SQLException("ERROR", sqlState));

        assertThat(DatabaseRefusals.of(failure)).isEmpty();
    }

    @Test
    void failuresWithoutSqlStateAreNoRefusal() {
        assertThat(DatabaseRefusals.of(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("pool timeout")))).isEmpty();
        assertThat(DatabaseRefusals.of(new CannotCreateTransactionException("cannot begin",
                new ConnectException("Connection refused")))).isEmpty();
        assertThat(DatabaseRefusals.of(new TransientDataAccessResourceException("transient"))).isEmpty();
        assertThat(DatabaseRefusals.of(new RecoverableDataAccessException("recoverable"))).isEmpty();
        assertThat(DatabaseRefusals.of(new QueryTimeoutException("timeout"))).isEmpty();
        assertThat(DatabaseRefusals.of(new DataIntegrityViolationException("no SQLState to go by"))).isEmpty();
    }

    @Test
    void theSqlStateIsFoundDeepInTheCauses() {
        var failure = new DataIntegrityViolationException("insert failed",
                new IllegalStateException("wrapped", new SQLException("ERROR: out of range", "22008")));

        assertThat(DatabaseRefusals.of(failure)).hasValueSatisfying(
                refused -> assertThat(refused.sqlState()).isEqualTo("22008"));
    }
}
