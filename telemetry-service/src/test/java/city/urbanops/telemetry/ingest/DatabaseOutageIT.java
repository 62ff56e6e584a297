package city.urbanops.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.Topics;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.TestInfrastructure;
import city.urbanops.testkit.kafka.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** PostgreSQL stopped while readings keep arriving: the store waits for it, loses nothing, dead-letters nothing. */
class DatabaseOutageIT extends TelemetryServiceIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    private final AtomicLong seq = new AtomicLong();

    @Test
    void readingsProducedWhilePostgresIsStoppedAreAllStoredOnceItIsBackAndNoneIsDeadLettered() {
        String device = newDeviceId("pg-outage");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(10));
        double failuresBefore = meters.counter("urbanops.telemetry.batch.failures").count();

        try (TopicProbe deadLetters = TopicProbe.fromEnd(TestInfrastructure.kafka().bootstrapServers(),
                Topics.TELEMETRY_STORE_DEAD_LETTER)) {
            produceReadings(device, t0, 20);
            await().atMost(PATIENCE).until(() -> rowCount(device) == 20);

            postgresServer().stop();
            try {
                keepProducing(device, t0, OUTAGE);
            } finally {
                postgresServer().start();
            }
            produceReadings(device, t0, 20);

            await().atMost(PATIENCE).ignoreExceptions().until(() -> rowCount(device) == seq.get());
            assertThat(meters.counter("urbanops.telemetry.batch.failures").count()).isGreaterThan(failuresBefore);
            assertThat(deadLetters.recordsAfter(Duration.ofSeconds(2)))
                    .noneMatch(record -> device.equals(record.key()));
        }
    }

    private void produceReadings(String device, Instant t0, int count) {
        for (int i = 0; i < count; i++) {
            long next = seq.incrementAndGet();
            produce(reading(device, next, t0.plusMillis(next * 100), EventClass.ENVIRONMENTAL,
                    Measurement.numeric("water_level", "m", next / 100.0)));
        }
    }

    /** One reading every half second for {@code outage}, as sensors would go on reporting. */
    private void keepProducing(String device, Instant t0, Duration outage) {
        Instant until = Instant.now().plus(outage);
        await("readings produced for " + outage).atMost(outage.multipliedBy(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    produceReadings(device, t0, 1);
                    return !Instant.now().isBefore(until);
                });
    }

    private long rowCount(String device) {
        return jdbc.queryForObject("SELECT count(*) FROM telemetry_measurement WHERE device_id = ?", Long.class,
                device);
    }
}
