package city.urbanops.ingestion.uplink;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.codec.EventSchemas.Violation;
import city.urbanops.events.codec.EventType;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.ingestion.registry.DeviceDirectory;
import city.urbanops.ingestion.uplink.ReadingVerdict.Accepted;
import city.urbanops.ingestion.uplink.ReadingVerdict.Rejected;
import city.urbanops.ingestion.uplink.UplinkOutcome.Processed;
import city.urbanops.ingestion.uplink.UplinkOutcome.Refused;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Turns one MQTT message from a gateway into an {@link UplinkOutcome}: refuses the whole message when it is on
 * another gateway's topic, too large, not JSON or not an uplink batch, and otherwise judges every reading on its
 * own, also against the registry's device records. The payload is parsed once and validated once against the event
 * model's schema. Thread-safe.
 */
public final class UplinkDecoder {

    private static final String READINGS = "/readings/";

    private final EventSchemas schemas;
    private final ObjectReader treeReader;
    private final ReadingValidator readings;
    private final Clock clock;
    private final long maxMessageBytes;

    public UplinkDecoder(EventJson json, EventSchemas schemas, Clock clock, long maxMessageBytes,
                         Duration maxReadingAge, Duration maxFutureSkew, DeviceDirectory devices) {
        this.schemas = schemas;
        this.treeReader = json.mapper().readerFor(JsonNode.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.readings = new ReadingValidator(maxReadingAge, maxFutureSkew, devices);
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Decides what to do with a PUBLISH of {@code clientId} on {@code topic}: a gateway publishes batches only on its
     * own uplink topic, anything else is refused as {@code TOPIC} (this is where the MQTT endpoint's publish rule
     * lives). {@code payload} is read from its position and not consumed.
     */
    public UplinkOutcome decode(String clientId, String topic, ByteBuffer payload) {
        Instant receivedAt = clock.instant();
        String topicGateway = MqttTopics.gatewayOfUplink(topic).orElse(null);
        if (!clientId.equals(topicGateway)) {
            return refuse(clientId, topic, RejectReason.TOPIC, "gateway '" + clientId + "' may publish only to "
                    + MqttTopics.uplink(clientId) + " and " + MqttTopics.status(clientId) + ", not to '" + topic
                    + "'", payload, receivedAt);
        }
        if (payload.remaining() > maxMessageBytes) {
            return refuse(clientId, topic, RejectReason.OVERSIZED, "payload of " + payload.remaining()
                    + " bytes exceeds the limit of " + maxMessageBytes + " bytes", payload, receivedAt);
        }
        var bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        JsonNode batch;
        try {
            batch = treeReader.readValue(bytes);
        } catch (JacksonException notJson) {
            return refuse(clientId, topic, RejectReason.MALFORMED, "not a JSON document: "
                    + notJson.getOriginalMessage(), payload, receivedAt);
        }
        if (batch == null || batch.isMissingNode()) {
            return refuse(clientId, topic, RejectReason.MALFORMED, "empty payload", payload, receivedAt);
        }
        var envelopeViolations = new ArrayList<Violation>();
        var readingViolations = new HashMap<Integer, List<Violation>>();
        for (var violation : schemas.validate(EventType.UPLINK_BATCH, batch)) {
            int index = readingIndexOf(violation.location());
            if (index < 0) {
                envelopeViolations.add(violation);
            } else {
                readingViolations.computeIfAbsent(index, i -> new ArrayList<>(2)).add(violation);
            }
        }
        if (!envelopeViolations.isEmpty()) {
            return refuse(clientId, topic, RejectReason.SCHEMA, ReadingValidator.describe(envelopeViolations),
                    payload, receivedAt);
        }
        String claimedGateway = batch.get("gatewayId").stringValue();
        if (!claimedGateway.equals(clientId)) {
            return refuse(clientId, topic, RejectReason.SCHEMA, "/gatewayId: '" + claimedGateway
                    + "' is not the publishing gateway '" + clientId + "'", payload, receivedAt);
        }
        return judgeReadings(batch.get("readings"), readingViolations, clientId, topic, receivedAt);
    }

    private Processed judgeReadings(JsonNode readingNodes, Map<Integer, List<Violation>> violations,
                                    String gatewayId, String topic, Instant receivedAt) {
        var accepted = new ArrayList<TelemetryRecord>(readingNodes.size());
        var rejected = new ArrayList<RejectedTelemetry>(violations.size());
        for (int i = 0; i < readingNodes.size(); i++) {
            JsonNode reading = readingNodes.get(i);
            var verdict = readings.check(reading, i, violations.getOrDefault(i, List.of()), gatewayId, receivedAt);
            switch (verdict) {
                case Accepted(TelemetryRecord record) -> accepted.add(record);
                case Rejected(RejectReason reason, String detail) -> rejected.add(DeadLetters.reading(gatewayId,
                        topic, reason, detail, i, deviceIdOf(reading), reading.toString(), receivedAt));
            }
        }
        return new Processed(accepted, rejected);
    }

    private static Refused refuse(String gatewayId, String topic, RejectReason reason, String detail,
                                  ByteBuffer payload, Instant receivedAt) {
        return new Refused(DeadLetters.wholeMessage(gatewayId, topic, reason, detail, payload, receivedAt));
    }

    private static String deviceIdOf(JsonNode reading) {
        JsonNode deviceId = reading.get("deviceId");
        return deviceId != null && deviceId.isString() ? deviceId.stringValue() : null;
    }

    /** The N of a location {@code /readings/N} or {@code /readings/N/...}, or -1 for any other location. */
    static int readingIndexOf(String location) {
        if (!location.startsWith(READINGS)) {
            return -1;
        }
        int start = READINGS.length();
        int end = start;
        while (end < location.length() && Character.isDigit(location.charAt(end))) {
            end++;
        }
        if (end == start || end - start > 9 || (end < location.length() && location.charAt(end) != '/')) {
            return -1;
        }
        return Integer.parseInt(location, start, end, 10);
    }
}
