package city.urbanops.rules.rule;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.alert.AlertEvent.Severity;
import city.urbanops.rules.rule.RuleValidation.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a rule document must be to be accepted: an example of every condition type that passes, and every refusal
 * naming the field it is about.
 */
class RuleDocumentsTest {

    /** The registry's vocabulary as a test fixes it. */
    record Vocabulary(Set<String> departments, Set<String> districts, Set<String> sites, Set<String> devices,
                      Map<String, List<String>> types) implements KnownGroups {

        @Override
        public boolean hasDevice(String deviceId) {
            return devices.contains(deviceId);
        }

        @Override
        public Optional<List<String>> measurementsOf(String deviceType) {
            return Optional.ofNullable(types.get(deviceType));
        }
    }

    private static final Vocabulary CITY = new Vocabulary(Set.of("water", "transport"), Set.of("north", "south"),
            Set.of("harbour-1"), Set.of("flood-7"), Map.of("flood-sensor", List.of("water_level", "battery_low"),
            "door-contact", List.of("open"), "ev-charger", List.of("charger_status", "charging_power"),
            "air-quality", List.of("pm2_5", "temperature")));

    private final RuleDocuments documents = new RuleDocuments();

    @Test
    void aThresholdWithHysteresisAndDurationIsAccepted() {
        var document = valid("""
                {"name": "River high", "severity": "MAJOR", "recommendedAction": "Close the flood gates",
                 "scope": {"deviceTypes": ["flood-sensor"], "departments": ["water"], "districts": ["north"]},
                 "condition": {"type": "threshold", "measurement": "water_level", "direction": "ABOVE",
                               "value": 1.5, "clearAt": 1.3, "forDuration": "PT5M"}}""");

        var threshold = (Condition.Threshold) document.condition();
        assertThat(threshold.value()).isEqualTo(1.5);
        assertThat(threshold.clearAt()).isEqualTo(1.3);
        assertThat(threshold.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(document.scope().districts()).containsExactly("north");
    }

    @Test
    void aRateOfChangeIsAccepted() {
        var document = valid("""
                {"name": "River rising fast", "severity": "WARNING",
                 "condition": {"type": "rate-of-change", "measurement": "water_level", "trend": "RISING",
                               "change": 0.5, "window": "PT30M"}}""");

        var rate = (Condition.RateOfChange) document.condition();
        assertThat(rate.trend()).isEqualTo(Condition.RateOfChange.Trend.RISING);
        assertThat(rate.window()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anAbsenceOfAnyReadingAndOfOneMeasurementAreAccepted() {
        var anyReading = valid("""
                {"name": "Silent sensor", "severity": "WARNING", "scope": {"devices": ["flood-7"]},
                 "condition": {"type": "absence", "forDuration": "PT15M"}}""");
        var oneMeasurement = valid("""
                {"name": "No air readings", "severity": "INFO", "scope": {"sites": ["harbour-1"]},
                 "condition": {"type": "absence", "measurement": "pm2_5", "forDuration": "PT1H"}}""");

        assertThat(anyReading.condition().measurementName()).isEmpty();
        assertThat(oneMeasurement.condition().measurementName()).contains("pm2_5");
    }

    @Test
    void aStateHeldOnABooleanAndOnATextMeasurementAreAccepted() {
        var door = valid("""
                {"name": "Door open", "severity": "MAJOR", "scope": {"deviceTypes": ["door-contact"]},
                 "condition": {"type": "state-held", "measurement": "open", "equals": true, "forDuration": "PT10M"}}""");
        var charger = valid("""
                {"name": "Charger faulted", "severity": "WARNING", "scope": {"deviceTypes": ["ev-charger"]},
                 "condition": {"type": "state-held", "measurement": "charger_status", "equals": "FAULTED",
                               "forDuration": "PT30M"}}""");

        assertThat(((Condition.StateHeld) door.condition()).value()).isEqualTo(true);
        assertThat(((Condition.StateHeld) charger.condition()).value()).isEqualTo("FAULTED");
    }

    @Test
    void aGroupCountIsAccepted() {
        var document = valid("""
                {"name": "Flooding district", "severity": "CRITICAL",
                 "condition": {"type": "group-count", "measurement": "water_level", "direction": "ABOVE",
                               "value": 1.5, "groupBy": "DISTRICT", "atLeast": 3, "window": "PT10M"}}""");

        var group = (Condition.GroupCount) document.condition();
        assertThat(group.atLeast()).isEqualTo(3);
        assertThat(group.groupBy()).isEqualTo(Condition.GroupCount.GroupBy.DISTRICT);
    }

    @Test
    void anUnknownMeasurementIsRefusedNamingTheMeasurement() {
        assertThat(errors(threshold("\"measurement\": \"water_levle\", \"direction\": \"ABOVE\", \"value\": 1")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("condition.measurement");
                    assertThat(error.reason()).contains("unknown measurement 'water_levle'");
                });
    }

    @Test
    void aStateHeldOnANumericMeasurementIsRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO",
                 "condition": {"type": "state-held", "measurement": "water_level", "equals": "HIGH",
                               "forDuration": "PT1M"}}""")).extracting(FieldError::field)
                .containsExactly("condition.measurement");
    }

    @Test
    void aClearLevelOnTheWrongSideIsRefused() {
        assertThat(errors(threshold(
                "\"measurement\": \"water_level\", \"direction\": \"ABOVE\", \"value\": 1.5, \"clearAt\": 1.8")))
                .extracting(FieldError::field).containsExactly("condition.clearAt");
    }

    @Test
    void aLevelOutsideThePhysicalRangeIsRefused() {
        assertThat(errors(threshold("\"measurement\": \"humidity\", \"direction\": \"ABOVE\", \"value\": 140")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("condition.value");
                    assertThat(error.reason()).contains("outside what a working 'humidity' sensor reports");
                });
    }

    @Test
    void anUnknownDistrictIsRefusedNamingItsPosition() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO", "scope": {"districts": ["north", "nroth"]},
                 "condition": {"type": "absence", "forDuration": "PT1H"}}""")).singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("scope.districts[1]");
                    assertThat(error.reason()).contains("unknown district 'nroth'");
                });
    }

    @Test
    void unknownDepartmentsSitesAndDevicesAreRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO",
                 "scope": {"departments": ["parks"], "sites": ["nowhere"], "devices": ["flood-7", "ghost"]},
                 "condition": {"type": "absence", "forDuration": "PT1H"}}""")).extracting(FieldError::field)
                .containsExactlyInAnyOrder("scope.departments[0]", "scope.sites[0]", "scope.devices[1]");
    }

    @Test
    void aDeviceTypeThatDoesNotReportTheMeasurementIsRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO", "scope": {"deviceTypes": ["door-contact"]},
                 "condition": {"type": "threshold", "measurement": "water_level", "direction": "ABOVE",
                               "value": 1}}""")).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("scope.deviceTypes[0]");
                    assertThat(error.reason()).contains("does not report 'water_level'");
                });
    }

    @Test
    void anUnknownDeviceTypeIsRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO", "scope": {"deviceTypes": ["toaster"]},
                 "condition": {"type": "absence", "forDuration": "PT1H"}}""")).extracting(FieldError::field)
                .containsExactly("scope.deviceTypes[0]");
    }

    @Test
    void aZeroWindowIsRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO",
                 "condition": {"type": "rate-of-change", "measurement": "water_level", "change": 1,
                               "window": "PT0S"}}""")).singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("condition.window");
                    assertThat(error.reason()).contains("more than zero");
                });
    }

    @Test
    void aDurationBeyondSevenDaysIsRefused() {
        assertThat(errors("""
                {"name": "n", "severity": "INFO", "condition": {"type": "absence", "forDuration": "P8D"}}"""))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("condition.forDuration");
                    assertThat(error.reason()).contains("at most PT168H");
                });
    }

    @Test
    void aThresholdWithoutDirectionFailsTheSchema() {
        assertThat(errors(threshold("\"measurement\": \"water_level\", \"value\": 1"))).singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("condition");
                    assertThat(error.reason()).contains("direction");
                });
    }

    @Test
    void otherSchemaViolationsNameTheirField() {
        assertThat(errors("""
                {"name": "", "severity": "SEVERE", "colour": "red",
                 "condition": {"type": "absence", "forDuration": "ten minutes"}}""")).extracting(FieldError::field)
                .contains("name", "severity", "condition.forDuration");
    }

    @Test
    void somethingThatIsNotJsonIsRefusedAsSuch() {
        var verdict = documents.validate("{not json".getBytes(StandardCharsets.UTF_8), CITY);

        assertThat(((RuleValidation.Invalid) verdict).errors()).singleElement()
                .satisfies(error -> assertThat(error.reason()).startsWith("not a JSON document"));
    }

    @Test
    void aReleaseWrittenWithTheMapperReadsBackTheSame() {
        var document = valid("""
                {"name": "Door open", "severity": "MAJOR", "scope": {"deviceTypes": ["door-contact"]},
                 "condition": {"type": "state-held", "measurement": "open", "equals": true, "forDuration": "PT10M"}}""");
        var release = new RuleRelease("door-open", 3, document, Instant.parse("2026-11-30T10:00:00Z"), "supervisor");

        byte[] json = documents.mapper().writeValueAsBytes(release);

        assertThat(documents.mapper().readValue(json, RuleRelease.class)).isEqualTo(release);
        assertThat(document.severity()).isEqualTo(Severity.MAJOR);
    }

    private RuleDocument valid(String json) {
        var verdict = documents.validate(json.getBytes(StandardCharsets.UTF_8), CITY);
        assertThat(verdict).as(String.valueOf(verdict)).isInstanceOf(RuleValidation.Valid.class);
        return ((RuleValidation.Valid) verdict).document();
    }

    private List<FieldError> errors(String json) {
        var verdict = documents.validate(json.getBytes(StandardCharsets.UTF_8), CITY);
        assertThat(verdict).isInstanceOf(RuleValidation.Invalid.class);
        return ((RuleValidation.Invalid) verdict).errors();
    }

    private static String threshold(String fields) {
        return "{\"name\": \"n\", \"severity\": \"INFO\", \"condition\": {\"type\": \"threshold\", " + fields + "}}";
    }
}
