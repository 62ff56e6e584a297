package city.urbanops.ingestion.uplink;

import city.urbanops.events.EventClass;
import city.urbanops.events.codec.EventSchemas.Violation;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.ingestion.registry.DeviceDirectory;
import city.urbanops.ingestion.registry.KnownDevice;
import city.urbanops.ingestion.uplink.ReadingVerdict.Accepted;
import city.urbanops.ingestion.uplink.ReadingVerdict.Rejected;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks one reading of a schema-validated batch against the registry — a known, ACTIVE device attached to the
 * publishing gateway, reporting only the measurements its type reports — and against what the platform can use —
 * catalogued measurements whose values it can store and that a working sensor could report, an event class hint that
 * agrees with them, a plausible time — and turns it into a classified {@link TelemetryRecord}, marked quarantined
 * while the registry has the device in quarantine. Thread-safe.
 */
final class ReadingValidator {

    private static final int MAX_VIOLATIONS_IN_DETAIL = 3;

    private final Duration maxReadingAge;
    private final Duration maxFutureSkew;
    private final DeviceDirectory devices;

    ReadingValidator(Duration maxReadingAge, Duration maxFutureSkew, DeviceDirectory devices) {
        this.maxReadingAge = maxReadingAge;
        this.maxFutureSkew = maxFutureSkew;
        this.devices = devices;
    }

    /**
     * The verdict on {@code reading}, the {@code index}-th of a batch from {@code gatewayId}.
     *
     * @param violations the batch schema's violations located inside this reading
     */
    ReadingVerdict check(JsonNode reading, int index, List<Violation> violations, String gatewayId,
                         Instant receivedAt) {
        if (!violations.isEmpty()) {
            return new Rejected(RejectReason.SCHEMA, describe(violations));
        }
        String at = "/readings/" + index;
        try {
            return checkContent(reading, at, gatewayId, receivedAt);
        } catch (JacksonException | ArithmeticException outOfRange) {
            // The schema admits integers beyond a long and the like; they are as unusable as a type mismatch.
            return new Rejected(RejectReason.SCHEMA, at + ": " + outOfRange.getMessage());
        }
    }

    private ReadingVerdict checkContent(JsonNode reading, String at, String gatewayId, Instant receivedAt) {
        String deviceId = reading.get("deviceId").stringValue();
        KnownDevice device = devices.device(deviceId);
        if (device == null) {
            return new Rejected(RejectReason.UNKNOWN_DEVICE, at + "/deviceId: '" + deviceId
                    + "' is not in the registry");
        }
        // Whose device it is comes before its state: another gateway's device is none of this gateway's business.
        if (!device.attachedTo(gatewayId)) {
            return new Rejected(RejectReason.GATEWAY_MISMATCH, at + "/deviceId: '" + deviceId
                    + "' is not attached to gateway '" + gatewayId + "'");
        }
        if (!device.active()) {
            return new Rejected(RejectReason.INACTIVE_DEVICE, at + "/deviceId: '" + deviceId + "' is "
                    + device.lifecycle() + ", only an ACTIVE device publishes");
        }
        EventClass hint = null;
        JsonNode hintNode = reading.get("eventClass");
        if (hintNode != null) {
            String name = hintNode.stringValue();
            hint = EventClassifier.parseHint(name).orElse(null);
            if (hint == null) {
                return new Rejected(RejectReason.UNKNOWN_EVENT_CLASS, at + "/eventClass: '" + name
                        + "' is not one of STATE, ENVIRONMENTAL, MOBILITY, FAILURE");
            }
        }
        JsonNode measurementNodes = reading.get("measurements");
        var measurements = new ArrayList<Measurement>(measurementNodes.size());
        var classes = EnumSet.noneOf(EventClass.class);
        for (int m = 0; m < measurementNodes.size(); m++) {
            JsonNode node = measurementNodes.get(m);
            String where = at + "/measurements/" + m;
            String name = node.get("n").stringValue();
            var kind = MeasurementCatalog.kindOf(name);
            if (kind.isEmpty()) {
                return new Rejected(RejectReason.UNKNOWN_MEASUREMENT,
                        where + "/n: '" + name + "' is not in the measurement catalogue");
            }
            if (!device.measurements().contains(name)) {
                return new Rejected(RejectReason.UNKNOWN_MEASUREMENT, where + "/n: '" + name
                        + "' is not a measurement device '" + deviceId + "' reports " + device.measurements());
            }
            var measurement = measurementOf(node, name);
            var problem = MeasurementCheck.problemOf(measurement, kind.get(), where);
            if (problem.isPresent()) {
                return problem.get();
            }
            measurements.add(measurement);
            classes.add(kind.get().eventClass());
        }
        EventClass eventClass = EventClassifier.classify(classes);
        if (hint != null && hint != eventClass) {
            return new Rejected(RejectReason.EVENT_CLASS_MISMATCH, at + "/eventClass: '" + hint + "' contradicts "
                    + "the measurements, which make the reading " + eventClass);
        }
        String timeText = reading.get("time").stringValue();
        Instant time;
        try {
            time = Instant.parse(timeText);
        } catch (DateTimeException notRfc3339) {
            return new Rejected(RejectReason.SCHEMA, at + "/time: '" + timeText + "' is not an RFC 3339 date-time");
        }
        if (time.isBefore(receivedAt.minus(maxReadingAge))) {
            return new Rejected(RejectReason.TIME, at + "/time: " + time + " is older than the maximum reading age "
                    + maxReadingAge);
        }
        if (time.isAfter(receivedAt.plus(maxFutureSkew))) {
            return new Rejected(RejectReason.TIME, at + "/time: " + time + " is more than " + maxFutureSkew
                    + " ahead of the ingestion clock (" + receivedAt + ")");
        }
        return new Accepted(new TelemetryRecord(deviceId, reading.get("seq").longValue(), time, eventClass, gatewayId,
                receivedAt, measurements, device.quarantined()));
    }

    private static Measurement measurementOf(JsonNode node, String name) {
        JsonNode unit = node.get("u");
        JsonNode value = node.get("v");
        JsonNode booleanValue = node.get("vb");
        JsonNode stringValue = node.get("vs");
        return new Measurement(name, unit == null ? null : unit.stringValue(),
                value == null ? null : value.doubleValue(),
                booleanValue == null ? null : booleanValue.booleanValue(),
                stringValue == null ? null : stringValue.stringValue());
    }

    /** The first few violations, e.g. {@code /readings/3/seq: required property 'seq' not found}. */
    static String describe(List<Violation> violations) {
        String head = violations.stream()
                .limit(MAX_VIOLATIONS_IN_DETAIL)
                .map(violation -> (violation.location().isEmpty() ? "/" : violation.location()) + ": "
                        + violation.message())
                .collect(Collectors.joining("; "));
        int more = violations.size() - MAX_VIOLATIONS_IN_DETAIL;
        return more > 0 ? head + " (and " + more + " more)" : head;
    }
}
