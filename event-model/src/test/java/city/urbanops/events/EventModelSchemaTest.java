package city.urbanops.events;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.audit.AuditAnchor;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.CommandType;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.registry.GatewayTokens;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventModelSchemaTest {

    private static final Instant T = Instant.parse("2026-11-25T08:00:00Z");
    private final EventJson json = new EventJson();
    private final EventSchemas schemas = new EventSchemas();

    @Test
    void everyRecordOfTheModelConformsToItsOwnSchema() {
        var reading = new Reading("aq-0001", T, 42, null, List.of(Measurement.numeric("pm2_5", "ug/m3", 12.5)));
        Map<EventType, Object> examples = new java.util.EnumMap<>(Map.of(
                EventType.UPLINK_BATCH, new UplinkBatch("gw-001", T, List.of(reading)),
                EventType.TELEMETRY, new TelemetryRecord("aq-0001", 42, T, EventClass.ENVIRONMENTAL, "gw-001", T,
                        List.of(Measurement.numeric("pm2_5", "ug/m3", 12.5), Measurement.bool("tamper", false)), true),
                EventType.REJECTED, new RejectedTelemetry("gw-001", "city/v1/gw/gw-001/up", RejectReason.MALFORMED,
                        "Unexpected end of input", null, null, RejectedTelemetry.PayloadEncoding.UTF8, "{\"gatew",
                        7, false, T),
                EventType.DEVICE, new DeviceRecord("aq-0001", "ASSET-88123", DeviceKind.SENSOR, "air-quality",
                        "gw-001", DeviceLifecycle.ACTIVE, new DeviceRecord.Quarantine("flat-lined", "supervisor", T),
                        "environment", "north", "site-7", 52.1, 4.3, List.of("pm2_5", "pm10"), 3, T),
                EventType.GATEWAY_CREDENTIALS, new GatewayCredentials("gw-001", DeviceLifecycle.ACTIVE,
                        List.of(new GatewayCredentials.Secret("c2", GatewayTokens.sha256Hex("uogw_new"), T, null),
                                new GatewayCredentials.Secret("c1", GatewayTokens.sha256Hex("uogw_old"), T,
                                        T.plusSeconds(3600))),
                        List.of(), 4, T),
                EventType.GATEWAY_STATUS, new GatewayStatusEvent("gw-001", GatewayStatusEvent.Connectivity.OFFLINE,
                        GatewayStatusEvent.Cause.CONNECTION_LOST, "keep-alive expired", "ingestion-1", T),
                EventType.ALERT, new AlertEvent(AlertEvent.alertIdOf("rule-7/aq-0001", T), "rule-7/aq-0001",
                        AlertEvent.Transition.RAISED, 0, AlertEvent.Severity.MAJOR, AlertEvent.Cause.INCIDENT,
                        "3 sensors within 500 m agree", List.of(new AlertEvent.Signal("neighbours-confirm", "3 of 4")),
                        "PM2.5 high", "Check the site", "rule-7", 2, "aq-0001", "gw-001", "site-7", "environment",
                        "north", 52.1, 4.3, T, T,
                        new AlertEvent.Evidence("pm2_5 > 50 for 15 min", Map.of("raise", 50.0, "clear", 45.0),
                                List.of(new AlertEvent.EvidenceReading("aq-0001", T, "pm2_5", 80.2, null, null))),
                        List.of(), 0, null, null),
                EventType.ALERT_LIFECYCLE, new AlertLifecycleEvent("5f0c2d1e-8a3b-4c6d-9e7f-0a1b2c3d4e5f", 3,
                        AlertLifecycleEvent.Change.ACKNOWLEDGED, "technician", T, "on my way", "rule-7/aq-0001",
                        AlertEvent.alertIdOf("rule-7/aq-0001", T), AlertLifecycleEvent.Status.ACKNOWLEDGED,
                        AlertEvent.Severity.MAJOR, AlertEvent.Cause.INCIDENT, "PM2.5 high", "rule-7", "aq-0001",
                        "gw-001", null, "environment", "north", T, T, 2, null, T, "technician", null, null, false)));
        examples.put(EventType.GATEWAY_COMMAND, new GatewayCommand("0b5c6a1e-1f2d-4a3b-9c8d-7e6f5a4b3c2d", "gw-001", "vl-0001",
                        CommandType.CLOSE_VALVE.name(), Map.of(), "water", "north", "operator", "supervisor", T,
                        T.plusSeconds(900)));
        examples.put(EventType.COMMAND_RESULT, new CommandResult("0b5c6a1e-1f2d-4a3b-9c8d-7e6f5a4b3c2d", "gw-001",
                        CommandResult.Outcome.REFUSED, "no valve vl-0001 behind this gateway", T, "gw-001"));
        examples.put(EventType.AUDIT, new AuditEvent("alerting-service:alert:5f0c2d1e:3", "alerting-service", T,
                        "technician", "alert.acknowledged", "alert", "5f0c2d1e", "water", "north",
                        Map.of("note", "on my way")));
        examples.put(EventType.AUDIT_ANCHOR, new AuditAnchor("operator-api", 42,
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", T));

        assertThat(examples).as("an example of every event type").hasSize(EventType.values().length);
        examples.forEach((type, record) -> assertThat(schemas.validate(type, json.mapper().valueToTree(record)))
                .as(type.name()).isEmpty());
    }

    @Test
    void aReadingWrittenBeforeTheQuarantineMarkExistedReadsAsNotQuarantinedWhileAMissingSeqIsStillRefused() {
        String older = """
                {"deviceId":"aq-1","seq":7,"time":"2026-11-25T08:00:00Z","eventClass":"ENVIRONMENTAL","gatewayId":"gw-1",
                 "receivedAt":"2026-11-25T08:00:01Z","measurements":[{"n":"pm10","u":"ug/m3","v":3}]}""";

        var record = json.read(older.getBytes(StandardCharsets.UTF_8), TelemetryRecord.class);

        assertThat(record.quarantined()).isFalse();
        assertThat(record.seq()).isEqualTo(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> json.read(
                        older.replace("\"seq\":7,", "").getBytes(StandardCharsets.UTF_8), TelemetryRecord.class))
                .isInstanceOf(tools.jackson.core.JacksonException.class);
    }

    @Test
    void aNonNumericValueIsAViolationLocatedAtItsReading() {
        var batch = """
                {"gatewayId":"gw-001","readings":[
                  {"deviceId":"aq-1","time":"2026-11-25T08:00:00Z","seq":1,"measurements":[{"n":"pm10","u":"ug/m3","v":3}]},
                  {"deviceId":"aq-2","time":"2026-11-25T08:00:00Z","seq":1,"measurements":[{"n":"pm10","u":"ug/m3","v":"high"}]}]}
                """;

        var violations = schemas.validate(EventType.UPLINK_BATCH, json.readTree(batch.getBytes(StandardCharsets.UTF_8)));

        assertThat(violations).isNotEmpty()
                .allSatisfy(v -> assertThat(v.location()).startsWith("/readings/1/"));
    }

    @Test
    void aReadingWithoutDeviceIdViolatesTheSchema() {
        var reading = json.readTree("""
                {"time":"2026-11-25T08:00:00Z","seq":1,"measurements":[{"n":"pm10","u":"ug/m3","v":3}]}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(schemas.validateReading(reading)).extracting(EventSchemas.Violation::message)
                .anySatisfy(message -> assertThat(message).contains("deviceId"));
    }

    @Test
    void aTimeThatIsNotAnInstantViolatesTheSchema() {
        var reading = json.readTree("""
                {"deviceId":"aq-1","time":"yesterday","seq":1,"measurements":[{"n":"pm10","u":"ug/m3","v":3}]}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(schemas.validateReading(reading)).extracting(EventSchemas.Violation::location).contains("/time");
    }

    @Test
    void recordsCarryCloudEventsBinaryModeHeaders() {
        var data = "{}".getBytes(StandardCharsets.UTF_8);

        var produced = CloudEventRecords.toRecord(Topics.TELEMETRY_STATE, "sl-1", EventType.TELEMETRY, "sl-1/9",
                URI.create("urn:urbanops:ingestion:test"), "sl-1", T, data);

        assertThat(produced.key()).isEqualTo("sl-1");
        assertThat(produced.headers().lastHeader("ce_id").value()).asString().isEqualTo("sl-1/9");
        assertThat(produced.headers().lastHeader("ce_type").value()).asString().isEqualTo("city.urbanops.telemetry.reading.v1");
        assertThat(produced.headers().lastHeader("ce_specversion").value()).asString().isEqualTo("1.0");
        assertThat(produced.headers().lastHeader("ce_time").value()).asString().isEqualTo("2026-11-25T08:00:00Z");
        assertThat(produced.headers().lastHeader("content-type").value()).asString().isEqualTo("application/json");

        var consumed = new ConsumerRecord<String, byte[]>(produced.topic(), 0, 0, 0L, null, 0, 0, produced.key(),
                produced.value(), new RecordHeaders(produced.headers().toArray()), java.util.Optional.empty());
        assertThat(CloudEventRecords.fromRecord(consumed)).get()
                .satisfies(event -> assertThat(event.getSource()).hasToString("urn:urbanops:ingestion:test"));
    }

    @Test
    void uplinkTopicsNameTheirGateway() {
        assertThat(MqttTopics.gatewayOfUplink("city/v1/gw/gw-001/up")).contains("gw-001");
        assertThat(MqttTopics.gatewayOfUplink("city/v1/gw/gw-001/status")).isEmpty();
        assertThat(MqttTopics.gatewayOfStatus("city/v1/gw/gw-001/status")).contains("gw-001");
        assertThat(MqttTopics.gatewayOfUplink("city/v1/gw/../up")).isEmpty();
    }
}
