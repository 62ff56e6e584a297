package city.urbanops.ingestion.uplink;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.MeasurementCatalog.Kind;
import city.urbanops.events.uplink.MeasurementCatalog.ValueKind;
import city.urbanops.ingestion.uplink.ReadingVerdict.Rejected;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one measurement's value is something the platform can store and compute with and that a working sensor
 * could have reported: the catalogue's unit, the catalogue's kind of value, a finite number inside the physical
 * range, printable text. Everything refused here would otherwise fail in the store or poison a rule.
 */
final class MeasurementCheck {

    private MeasurementCheck() {
    }

    /** The rejection of {@code measurement}, found at JSON Pointer {@code where}, or empty when it is usable. */
    static Optional<Rejected> problemOf(Measurement measurement, Kind kind, String where) {
        if (!Objects.equals(measurement.unit(), kind.canonicalUnit())) {
            return reject(RejectReason.UNIT, where + "/u: " + describeUnit(measurement.unit())
                    + " is not the unit of '" + measurement.name() + "', which is " + describeUnit(kind.canonicalUnit()));
        }
        ValueKind given = kindOf(measurement);
        if (given != kind.valueKind()) {
            return reject(RejectReason.VALUE, where + ": '" + measurement.name() + "' takes " + field(kind.valueKind())
                    + ", not " + field(given));
        }
        return switch (given) {
            case NUMBER -> checkNumber(measurement, kind, where);
            case TEXT -> checkText(measurement.stringValue(), where);
            case BOOLEAN -> Optional.empty();
        };
    }

    private static Optional<Rejected> checkNumber(Measurement measurement, Kind kind, String where) {
        double value = measurement.value();
        if (!Double.isFinite(value)) {
            return reject(RejectReason.VALUE, where + "/v: not a finite number");
        }
        if (!kind.isPhysical(value)) {
            return reject(RejectReason.OUT_OF_RANGE, where + "/v: " + value + " " + kind.canonicalUnit()
                    + " is outside the physical range of '" + measurement.name() + "' [" + kind.min() + ", "
                    + kind.max() + "]");
        }
        return Optional.empty();
    }

    /**
     * PostgreSQL text holds neither U+0000 nor unpaired surrogates; other control characters break logs and pages.
     * The length is the schema's {@code maxLength}, checked before this.
     */
    private static Optional<Rejected> checkText(String text, String where) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return reject(RejectReason.VALUE, where + "/vs: control character U+%04X at index %d"
                        .formatted((int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return reject(RejectReason.VALUE, where + "/vs: unpaired surrogate U+%04X at index %d"
                        .formatted((int) c, i));
            }
        }
        return Optional.empty();
    }

    private static ValueKind kindOf(Measurement measurement) {
        if (measurement.value() != null) {
            return ValueKind.NUMBER;
        }
        return measurement.booleanValue() != null ? ValueKind.BOOLEAN : ValueKind.TEXT;
    }

    private static String field(ValueKind kind) {
        return switch (kind) {
            case NUMBER -> "a number (v)";
            case BOOLEAN -> "a boolean (vb)";
            case TEXT -> "text (vs)";
        };
    }

    private static String describeUnit(String unit) {
        return unit == null ? "no unit" : "'" + unit + "'";
    }

    private static Optional<Rejected> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejected(reason, detail));
    }
}
