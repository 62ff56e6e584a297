package city.urbanops.events.uplink;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A SenML-style (RFC 8428) measurement: a name, a unit and exactly one of a numeric, boolean or string value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measurement(
        @JsonProperty("n") String name,
        @JsonProperty("u") String unit,
        @JsonProperty("v") Double value,
        @JsonProperty("vb") Boolean booleanValue,
        @JsonProperty("vs") String stringValue) {

    public static Measurement numeric(String name, String unit, double value) {
        return new Measurement(name, unit, value, null, null);
    }

    public static Measurement bool(String name, boolean value) {
        return new Measurement(name, null, null, value, null);
    }

    public static Measurement text(String name, String value) {
        return new Measurement(name, null, null, null, value);
    }
}
