package city.urbanops.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class StoringTelemetryBatchesIT extends TelemetryServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void readingsOnTheClassTopicsAppearAsRawSeries() {
        String device = newDeviceId("air");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        produce(reading(device, 1, t0, EventClass.ENVIRONMENTAL, Measurement.numeric("pm2_5", "ug/m3", 11.5),
                Measurement.numeric("temperature", "Cel", 21.0)));
        produce(reading(device, 2, t0.plusSeconds(10), EventClass.ENVIRONMENTAL,
                Measurement.numeric("pm2_5", "ug/m3", 12.5)));
        produce(reading(device, 3, t0.plusSeconds(20), EventClass.FAILURE, Measurement.bool("tamper", true)));

        String range = "&from=" + t0.minusSeconds(60) + "&to=" + t0.plusSeconds(60);
        JsonNode pm = awaitPoints(device, "measurement=pm2_5" + range, 2);
        JsonNode tamper = awaitPoints(device, "measurement=tamper" + range, 1);

        assertThat(pm.get("unit").asString()).isEqualTo("ug/m3");
        assertThat(pm.get("points").findValues("value")).extracting(JsonNode::asDouble).containsExactly(11.5, 12.5);
        assertThat(pm.get("points").get(0).get("time").asString()).isEqualTo(t0.toString());
        assertThat(pm.get("points").get(1).get("seq").asLong()).isEqualTo(2);
        assertThat(tamper.get("points").get(0).get("valueBool").asBoolean()).isTrue();
        assertThat(pm.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void bucketedSeriesAggregatesEachBucket() {
        String device = newDeviceId("flow");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        double[] values = {10, 20, 30, 5, 7};
        for (int i = 0; i < values.length; i++) {
            Instant time = i < 3 ? minute.plusSeconds(i * 15L) : minute.plusSeconds(60 + i * 10L);
            produce(reading(device, i + 1, time, EventClass.MOBILITY,
                    Measurement.numeric("vehicle_flow", "1/min", values[i])));
        }
        String query = "measurement=vehicle_flow&bucket=PT1M&from=" + minute + "&to=" + minute.plusSeconds(120);

        JsonNode series = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> json(get(seriesPath(device, query),
                tokenOf("analyst"))), s -> s.get("buckets").size() == 2
                && s.get("buckets").get(1).get("count").asLong() == 2);

        JsonNode first = series.get("buckets").get(0);
        assertThat(first.get("start").asString()).isEqualTo(minute.toString());
        assertThat(first.get("count").asLong()).isEqualTo(3);
        assertThat(first.get("min").asDouble()).isEqualTo(10);
        assertThat(first.get("max").asDouble()).isEqualTo(30);
        assertThat(first.get("avg").asDouble()).isEqualTo(20);
        assertThat(first.get("last").asDouble()).isEqualTo(30);
        JsonNode second = series.get("buckets").get(1);
        assertThat(second.get("start").asString()).isEqualTo(minute.plusSeconds(60).toString());
        assertThat(second.get("last").asDouble()).isEqualTo(7);
        assertThat(series.get("bucket").asString()).isEqualTo("PT1M");
    }

    @Test
    void recordsDeliveredTwiceAreStoredOnce() {
        String device = newDeviceId("level");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        List<TelemetryRecord> readings = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            readings.add(reading(device, seq, t0.plusMillis(seq * 100L), EventClass.ENVIRONMENTAL,
                    Measurement.numeric("water_level", "m", seq / 10.0), Measurement.numeric("battery", "%", 90)));
        }
        readings.forEach(TelemetryServiceIT::produce);
        awaitRows(device, 40);
        double duplicatesBefore = meters.counter("urbanops.telemetry.rows.duplicate").count();

        readings.forEach(TelemetryServiceIT::produce);
        // Same key, same partition: once this marker is stored the re-delivered batch has been processed too.
        produce(reading(device, 21, t0.plusSeconds(5), EventClass.ENVIRONMENTAL,
                Measurement.numeric("water_level", "m", 9.9)));
        awaitRows(device, 41);

        assertThat(rowCount(device)).isEqualTo(41);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT (time, seq, name)) FROM telemetry_measurement"
                + " WHERE device_id = ?", Long.class, device)).isEqualTo(41);
        assertThat(meters.counter("urbanops.telemetry.rows.duplicate").count() - duplicatesBefore)
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    void batchThatCannotBeStoredIsRetriedUntilTheStoreIsBackAndNothingIsLost() {
        String device = newDeviceId("outage");
        double failuresBefore = meters.counter("urbanops.telemetry.batch.failures").count();
        jdbc.execute("ALTER TABLE telemetry_measurement RENAME TO telemetry_measurement_away");
        try {
            produce(reading(device, 1, Instant.now().minusSeconds(2), EventClass.FAILURE,
                    Measurement.bool("leak", true)));
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> meters.counter("urbanops.telemetry.batch.failures").count() > failuresBefore);
        } finally {
            jdbc.execute("ALTER TABLE telemetry_measurement_away RENAME TO telemetry_measurement");
        }

        awaitRows(device, 1);
    }

    @Test
    void storeMetricsAndConsumerLagAreExposed() {
        String device = newDeviceId("bin");
        produce(reading(device, 1, Instant.now().minusSeconds(1), EventClass.STATE,
                Measurement.numeric("fill_level", "%", 40)));
        awaitRows(device, 1);

        assertThat(meters.counter("urbanops.telemetry.rows.written").count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.find("urbanops.telemetry.batch.write").timer()).isNotNull()
                .satisfies(t -> assertThat(t.count()).isPositive());
        assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters()).isNotEmpty();
        assertThat(meters.find("spring.kafka.listener").timers()).isNotEmpty();
        HttpResponse<String> scrape = get("/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("urbanops_telemetry_rows_written_total",
                "urbanops_telemetry_batch_write_seconds", "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void readinessRestsOnTheDatabaseWhileHealthAlsoShowsKafka() {
        JsonNode readiness = json(get("/actuator/health/readiness", tokenOf("admin")));
        JsonNode health = json(get("/actuator/health", tokenOf("admin")));

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(readiness.get("components").has("kafka")).as("the series API serves without Kafka").isFalse();
        assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    }

    private JsonNode awaitPoints(String device, String query, int count) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                () -> json(get(seriesPath(device, query), tokenOf("admin"))),
                series -> series.get("points") != null && series.get("points").size() == count);
    }

    private void awaitRows(String device, long count) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rowCount(device), n -> n >= count);
    }

    private long rowCount(String device) {
        return jdbc.queryForObject("SELECT count(*) FROM telemetry_measurement WHERE device_id = ?", Long.class,
                device);
    }
}
