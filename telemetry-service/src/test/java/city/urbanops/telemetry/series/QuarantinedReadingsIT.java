package city.urbanops.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Readings ingestion marked as quarantined: stored with their mark, shown marked in a device's raw series, and left
 * out of bucketed aggregates (trends) unless the caller includes them on purpose.
 */
class QuarantinedReadingsIT extends TelemetryServiceIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void quarantinedReadingsAreStoredWithTheirMark() {
        String device = newDeviceId("quarantine-store");
        storeNormalQuarantinedNormal(device);

        assertThat(jdbc.queryForList("SELECT quarantined FROM telemetry_measurement WHERE device_id = ? ORDER BY time",
                Boolean.class, device)).containsExactly(false, true, false);
    }

    @Test
    void rawSeriesShowsEveryReadingAndMarksOnlyTheQuarantinedOne() {
        String device = newDeviceId("quarantine-raw");
        Instant minute = storeNormalQuarantinedNormal(device);

        JsonNode series = json(get(seriesPath(device, "measurement=pm2_5" + window(minute)), tokenOf("analyst")));

        JsonNode points = series.get("points");
        assertThat(points.findValues("value")).extracting(JsonNode::asDouble).containsExactly(10.0, 400.0, 20.0);
        assertThat(points.get(1).get("quarantined").asBoolean()).isTrue();
        assertThat(points.get(0).has("quarantined")).isFalse();
        assertThat(points.get(2).has("quarantined")).isFalse();
    }

    @Test
    void rawSeriesLeavesQuarantinedReadingsOutWhenAskedTo() {
        String device = newDeviceId("quarantine-raw-out");
        Instant minute = storeNormalQuarantinedNormal(device);

        JsonNode series = json(get(seriesPath(device, "measurement=pm2_5&includeQuarantined=false" + window(minute)),
                tokenOf("analyst")));

        assertThat(series.get("points").findValues("value")).extracting(JsonNode::asDouble).containsExactly(10.0, 20.0);
    }

    @Test
    void bucketsLeaveQuarantinedReadingsOutByDefault() {
        String device = newDeviceId("quarantine-trend");
        Instant minute = storeNormalQuarantinedNormal(device);

        JsonNode series = json(get(seriesPath(device, "measurement=pm2_5&bucket=PT1M" + window(minute)),
                tokenOf("analyst")));

        assertThat(series.get("includesQuarantined").asBoolean()).isFalse();
        JsonNode bucket = series.get("buckets").get(0);
        assertThat(series.get("buckets").size()).isEqualTo(1);
        assertThat(bucket.get("count").asLong()).isEqualTo(2);
        assertThat(bucket.get("max").asDouble()).isEqualTo(20);
        assertThat(bucket.get("avg").asDouble()).isEqualTo(15);
        assertThat(bucket.has("quarantined")).isFalse();
    }

    @Test
    void bucketsIncludeQuarantinedReadingsWhenAskedAndCountThem() {
        String device = newDeviceId("quarantine-trend-in");
        Instant minute = storeNormalQuarantinedNormal(device);

        JsonNode series = json(get(seriesPath(device,
                "measurement=pm2_5&bucket=PT1M&includeQuarantined=true" + window(minute)), tokenOf("analyst")));

        assertThat(series.get("includesQuarantined").asBoolean()).isTrue();
        JsonNode bucket = series.get("buckets").get(0);
        assertThat(bucket.get("count").asLong()).isEqualTo(3);
        assertThat(bucket.get("quarantined").asLong()).isEqualTo(1);
        assertThat(bucket.get("max").asDouble()).isEqualTo(400);
    }

    @Test
    void aBucketOfOnlyQuarantinedReadingsIsAbsentFromTheTrend() {
        String device = newDeviceId("quarantine-only");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        produce(quarantinedReading(device, 1, minute.plusSeconds(5), EventClass.ENVIRONMENTAL,
                Measurement.numeric("pm2_5", "ug/m3", 400)));
        awaitRawPoints(device, minute, 1);

        JsonNode series = json(get(seriesPath(device, "measurement=pm2_5&bucket=PT1M" + window(minute)),
                tokenOf("analyst")));

        assertThat(series.get("buckets").size()).isZero();
    }

    @Test
    void includeQuarantinedOtherThanTrueOrFalseIs400NamingIt() {
        var response = get(seriesPath("any-device", "measurement=pm2_5&bucket=PT1M&includeQuarantined=maybe"),
                tokenOf("analyst"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("includeQuarantined");
    }

    /** Three pm2_5 readings in one minute five minutes ago — 10, 400 (quarantined), 20 — once all are stored. */
    private Instant storeNormalQuarantinedNormal(String device) {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        produce(reading(device, 1, minute.plusSeconds(5), EventClass.ENVIRONMENTAL,
                Measurement.numeric("pm2_5", "ug/m3", 10)));
        produce(quarantinedReading(device, 2, minute.plusSeconds(15), EventClass.ENVIRONMENTAL,
                Measurement.numeric("pm2_5", "ug/m3", 400)));
        produce(reading(device, 3, minute.plusSeconds(25), EventClass.ENVIRONMENTAL,
                Measurement.numeric("pm2_5", "ug/m3", 20)));
        awaitRawPoints(device, minute, 3);
        return minute;
    }

    private void awaitRawPoints(String device, Instant minute, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get(seriesPath(device,
                "measurement=pm2_5" + window(minute)), tokenOf("analyst"))).get("points").size() == count);
    }

    private static String window(Instant minute) {
        return "&from=" + minute + "&to=" + minute.plusSeconds(60);
    }
}
