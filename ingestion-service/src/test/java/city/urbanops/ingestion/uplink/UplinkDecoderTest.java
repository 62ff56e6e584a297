package city.urbanops.ingestion.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.EventClass;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.codec.EventSchemas;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.RejectedTelemetry.PayloadEncoding;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.ingestion.registry.KnownDevice;
import city.urbanops.ingestion.uplink.UplinkOutcome.Processed;
import city.urbanops.ingestion.uplink.UplinkOutcome.Refused;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UplinkDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String GATEWAY = "gw-7";
    private static final String UPLINK = "city/v1/gw/gw-7/up";
    private static final int MAX_BYTES = 1024 * 1024;

    private static final Set<String> EVERY_MEASUREMENT = Set.copyOf(MeasurementCatalog.all().keySet());

    private final UplinkDecoder decoder = new UplinkDecoder(new EventJson(), new EventSchemas(),
            Clock.fixed(NOW, ZoneOffset.UTC), MAX_BYTES, Duration.ofDays(30), Duration.ofMinutes(5),
            UplinkDecoderTest::registry);

    /**
     * The registry these tests decode against: the devices named below are what their names say; every other device
     * is an ACTIVE device of gw-7 reporting every catalogued measurement, so the other tests judge the data alone.
     */
    private static KnownDevice registry(String deviceId) {
        return switch (deviceId) {
            case "ghost-1" -> null;
            case "neighbour-1" -> new KnownDevice(deviceId, "gw-8", DeviceLifecycle.ACTIVE, false, EVERY_MEASUREMENT, 3);
            case "suspended-1" -> new KnownDevice(deviceId, GATEWAY, DeviceLifecycle.SUSPENDED, false,
                    EVERY_MEASUREMENT, 4);
            case "thermometer-1" -> new KnownDevice(deviceId, GATEWAY, DeviceLifecycle.ACTIVE, false,
                    Set.of("temperature"), 1);
            case "quarantined-1" -> new KnownDevice(deviceId, GATEWAY, DeviceLifecycle.ACTIVE, true,
                    EVERY_MEASUREMENT, 2);
            default -> new KnownDevice(deviceId, GATEWAY, DeviceLifecycle.ACTIVE, false, EVERY_MEASUREMENT, 1);
        };
    }

    @Test
    void validReadingsBecomeRecordsOfTheirMostUrgentClass() {
        var outcome = decode(batch("""
                {"deviceId":"air-1","time":"2026-11-25T09:59:00Z","seq":41,
                 "measurements":[{"n":"temperature","u":"Cel","v":12.5},{"n":"humidity","u":"%RH","v":61}]},
                {"deviceId":"pipe-3","time":"2026-11-25T09:59:30Z","seq":7,
                 "measurements":[{"n":"water_level","u":"m","v":0.4},{"n":"leak","vb":true}]}"""));

        var processed = (Processed) outcome;
        assertThat(processed.rejected()).isEmpty();
        assertThat(processed.accepted()).hasSize(2);
        var air = processed.accepted().get(0);
        assertThat(air.deviceId()).isEqualTo("air-1");
        assertThat(air.seq()).isEqualTo(41);
        assertThat(air.time()).isEqualTo(Instant.parse("2026-11-25T09:59:00Z"));
        assertThat(air.eventClass()).isEqualTo(EventClass.ENVIRONMENTAL);
        assertThat(air.gatewayId()).isEqualTo(GATEWAY);
        assertThat(air.receivedAt()).isEqualTo(NOW);
        assertThat(air.eventId()).isEqualTo("air-1/41/2026-11-25T09:59:00Z");
        assertThat(air.measurements()).containsExactly(Measurement.numeric("temperature", "Cel", 12.5),
                Measurement.numeric("humidity", "%RH", 61));
        assertThat(processed.accepted().get(1).eventClass()).isEqualTo(EventClass.FAILURE);
    }

    @Test
    void aHintThatAgreesWithTheMeasurementsIsAccepted() {
        var processed = (Processed) decode(batch("""
                {"deviceId":"pipe-1","time":"2026-11-25T09:59:00Z","seq":1,"eventClass":"FAILURE",
                 "measurements":[{"n":"water_level","u":"m","v":0.4},{"n":"leak","vb":true}]}"""));

        assertThat(processed.accepted()).singleElement()
                .satisfies(record -> assertThat(record.eventClass()).isEqualTo(EventClass.FAILURE));
    }

    @Test
    void aHintThatContradictsTheMeasurementsIsRejectedWithItsReason() {
        var rejected = onlyRejection("""
                {"deviceId":"pipe-1","time":"2026-11-25T09:59:00Z","seq":1,"eventClass":"ENVIRONMENTAL",
                 "measurements":[{"n":"leak","vb":true}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.EVENT_CLASS_MISMATCH);
        assertThat(rejected.detail()).startsWith("/readings/0/eventClass").contains("ENVIRONMENTAL", "FAILURE");
    }

    @Test
    void aStringWithANulCharacterIsRejectedAsAnUnstorableValue() {
        var rejected = onlyRejection("""
                {"deviceId":"ev-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fault_code","vs":"E\\u0000X"}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.VALUE);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/vs").contains("U+0000");
        assertThat(rejected.deviceId()).isEqualTo("ev-1");
    }

    @Test
    void aStringWithAnotherControlCharacterIsRejected() {
        assertThat(onlyRejection("""
                {"deviceId":"ev-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"charger_status","vs":"Charging\\u001b[2J"}]}""").reason())
                .isEqualTo(RejectReason.VALUE);
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"ev-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fault_code","vs":"E\\ud800X"}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.VALUE);
        assertThat(rejected.detail()).contains("unpaired surrogate U+D800");
    }

    @Test
    void textOutsideTheBasicPlaneIsKept() {
        var processed = (Processed) decode(batch("""
                {"deviceId":"ev-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fault_code","vs":"Überhitzt \\ud83d\\udd25"}]}"""));

        assertThat(processed.accepted().getFirst().measurements().getFirst().stringValue())
                .isEqualTo("Überhitzt \uD83D\uDD25");
    }

    @Test
    void textLongerThanTheDocumentedLengthIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"ev-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fault_code","vs":"%s"}]}""".formatted("E".repeat(257)));

        assertThat(rejected.reason()).as("the schema's maxLength").isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/vs");
    }

    @Test
    void aValueOfTheWrongKindForItsMeasurementIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"wl-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"leak","vs":"yes"}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.VALUE);
        assertThat(rejected.detail()).contains("a boolean (vb)");
    }

    @Test
    void aFillLevelOfMinusFiveThousandPercentIsOutOfRange() {
        var rejected = onlyRejection("""
                {"deviceId":"wb-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fill_level","u":"%","v":-5000}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(rejected.deviceId()).isEqualTo("wb-1");
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/v").contains("-5000", "fill_level");
    }

    @Test
    void aTemperatureOfTenToThe300IsOutOfRange() {
        assertThat(onlyRejection("""
                {"deviceId":"aq-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":1e300}]}""").reason())
                .isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void theBoundsOfThePhysicalRangeAreInside() {
        var processed = (Processed) decode(batch("""
                {"deviceId":"wb-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fill_level","u":"%","v":100}]},
                {"deviceId":"wb-2","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"fill_level","u":"%","v":0}]}"""));

        assertThat(processed.rejected()).isEmpty();
        assertThat(processed.accepted()).hasSize(2);
    }

    @Test
    void publishingOnAnotherGatewaysTopicIsRefusedAsTopic() {
        var refused = (Refused) decoder.decode(GATEWAY, "city/v1/gw/gw-8/up", utf8(batch(reading("d-1", 1))));

        assertThat(refused.reason()).isEqualTo(RejectReason.TOPIC);
        assertThat(refused.deadLetter().gatewayId()).isEqualTo(GATEWAY);
        assertThat(refused.deadLetter().mqttTopic()).isEqualTo("city/v1/gw/gw-8/up");
    }

    @Test
    void publishingOutsideTheGatewayTreeIsRefusedAsTopic() {
        var refused = (Refused) decoder.decode(GATEWAY, "city/v1/gw/gw-7/down/config", utf8("{}"));

        assertThat(refused.reason()).isEqualTo(RejectReason.TOPIC);
    }

    @Test
    void aDeviceTheRegistryDoesNotKnowIsRejectedWhileTheRestOfTheBatchProceeds() {
        var processed = (Processed) decode(batch(reading("ghost-1", 1) + "," + reading("d-1", 1)));

        assertThat(processed.accepted()).extracting(record -> record.deviceId()).containsExactly("d-1");
        var rejected = processed.rejected().getFirst();
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);
        assertThat(rejected.readingIndex()).isZero();
        assertThat(rejected.detail()).contains("/readings/0/deviceId", "ghost-1");
    }

    @Test
    void aDeviceOfAnotherGatewayIsAGatewayMismatch() {
        var rejected = onlyRejection(reading("neighbour-1", 1));

        assertThat(rejected.reason()).isEqualTo(RejectReason.GATEWAY_MISMATCH);
        assertThat(rejected.deviceId()).isEqualTo("neighbour-1");
        assertThat(rejected.detail()).contains("not attached to gateway 'gw-7'");
    }

    @Test
    void aDeviceThatIsNotActiveIsAnInactiveDevice() {
        var rejected = onlyRejection(reading("suspended-1", 1));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INACTIVE_DEVICE);
        assertThat(rejected.detail()).contains("SUSPENDED");
    }

    @Test
    void aCataloguedMeasurementTheDeviceDoesNotReportIsAnUnknownMeasurement() {
        var rejected = onlyRejection("{\"deviceId\":\"thermometer-1\",\"time\":\"2026-11-25T09:59:00Z\",\"seq\":1,"
                + "\"measurements\":[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":4.5},"
                + "{\"n\":\"pm10\",\"u\":\"ug/m3\",\"v\":12}]}");

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_MEASUREMENT);
        assertThat(rejected.detail()).contains("/readings/0/measurements/1/n", "pm10", "thermometer-1");
    }

    @Test
    void aQuarantinedDevicesReadingIsAcceptedAndMarked() {
        var processed = (Processed) decode(batch(reading("quarantined-1", 1) + "," + reading("d-1", 1)));

        assertThat(processed.rejected()).isEmpty();
        assertThat(processed.accepted()).extracting(record -> record.deviceId() + "=" + record.quarantined())
                .containsExactly("quarantined-1=true", "d-1=false");
    }

    @Test
    void anOversizedPayloadIsRefusedWithItsHeadKept() {
        var payload = new byte[2 * 1024 * 1024];
        Arrays.fill(payload, (byte) 'x');

        var deadLetter = ((Refused) decoder.decode(GATEWAY, UPLINK, ByteBuffer.wrap(payload))).deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(deadLetter.payloadSize()).isEqualTo(payload.length);
        assertThat(deadLetter.payloadTruncated()).isTrue();
        assertThat(deadLetter.payloadEncoding()).isEqualTo(PayloadEncoding.UTF8);
        assertThat(deadLetter.payload()).hasSize(DeadLetters.MAX_PAYLOAD_BYTES);
    }

    @Test
    void truncatedJsonIsMalformed() {
        String whole = batch(reading("d-1", 1));

        var deadLetter = refusedFor(whole.substring(0, whole.length() - 10));

        assertThat(deadLetter.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(deadLetter.payload()).isEqualTo(whole.substring(0, whole.length() - 10));
        assertThat(deadLetter.payloadTruncated()).isFalse();
    }

    @Test
    void trailingGarbageAfterTheDocumentIsMalformed() {
        assertThat(refusedFor(batch(reading("d-1", 1)) + " and more").reason()).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void anEmptyPayloadIsMalformed() {
        assertThat(refusedFor("").reason()).isEqualTo(RejectReason.MALFORMED);
    }

    @Test
    void aPayloadThatIsNotUtf8IsMalformedAndKeptAsBase64() {
        byte[] latin1 = "{\"gatewayId\":\"gw-7\",\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        var deadLetter = ((Refused) decoder.decode(GATEWAY, UPLINK, ByteBuffer.wrap(latin1))).deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(deadLetter.payloadEncoding()).isEqualTo(PayloadEncoding.BASE64);
        assertThat(Base64.getDecoder().decode(deadLetter.payload())).isEqualTo(latin1);
    }

    @Test
    void aBatchWithoutReadingsViolatesTheEnvelopeSchema() {
        var deadLetter = refusedFor("{\"gatewayId\":\"gw-7\"}");

        assertThat(deadLetter.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(deadLetter.detail()).contains("readings");
        assertThat(deadLetter.readingIndex()).isNull();
    }

    @Test
    void aBatchClaimingAnotherGatewayIsRefused() {
        var deadLetter = refusedFor(batch(reading("d-1", 1)).replace("\"gw-7\"", "\"gw-8\""));

        assertThat(deadLetter.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(deadLetter.detail()).startsWith("/gatewayId");
    }

    @Test
    void aReadingMissingAFieldIsRejectedAloneAndTheRestProceeds() {
        var processed = (Processed) decode(batch(reading("d-1", 1) + ","
                + "{\"deviceId\":\"d-2\",\"time\":\"2026-11-25T09:59:00Z\","
                + "\"measurements\":[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":1}]}," + reading("d-3", 1)));

        assertThat(processed.accepted()).extracting(record -> record.deviceId()).containsExactly("d-1", "d-3");
        var rejected = processed.rejected().getFirst();
        assertThat(processed.rejected()).hasSize(1);
        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.readingIndex()).isEqualTo(1);
        assertThat(rejected.deviceId()).isEqualTo("d-2");
        assertThat(rejected.detail()).startsWith("/readings/1").contains("seq");
        assertThat(rejected.payload()).startsWith("{\"deviceId\":\"d-2\"").doesNotContain("d-1");
        assertThat(rejected.payloadSize()).isEqualTo(rejected.payload().length());
    }

    @Test
    void aNonNumericValueIsASchemaViolationOfThatReading() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":"warm"}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/v");
    }

    @Test
    void aNumberBeyondDoubleRangeIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":1e400}]}""");

        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/v");
    }

    @Test
    void anUnknownEventClassHintIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,"eventClass":"WEATHER",
                 "measurements":[{"n":"temperature","u":"Cel","v":3}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_EVENT_CLASS);
        assertThat(rejected.detail()).startsWith("/readings/0/eventClass").contains("WEATHER");
    }

    @Test
    void aMeasurementOutsideTheCatalogueIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":3},{"n":"radiation","u":"Sv","v":1}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_MEASUREMENT);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/1/n").contains("radiation");
    }

    @Test
    void aUnitOtherThanTheCanonicalOneIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Fah","v":50}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNIT);
        assertThat(rejected.detail()).startsWith("/readings/0/measurements/0/u").contains("Fah", "Cel");
    }

    @Test
    void aMissingUnitOfAMeasuredQuantityIsRejected() {
        assertThat(onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T09:59:00Z","seq":1,
                 "measurements":[{"n":"temperature","v":50}]}""").reason()).isEqualTo(RejectReason.UNIT);
    }

    @Test
    void aReadingOlderThanTheMaximumAgeIsRejected() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"2026-10-01T00:00:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":3}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.TIME);
        assertThat(rejected.detail()).startsWith("/readings/0/time");
    }

    @Test
    void aReadingFurtherAheadThanTheSkewIsRejected() {
        assertThat(onlyRejection("""
                {"deviceId":"d-1","time":"2026-11-25T10:06:00Z","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":3}]}""").reason()).isEqualTo(RejectReason.TIME);
    }

    @Test
    void aTimeThatIsNotADateTimeIsASchemaViolation() {
        var rejected = onlyRejection("""
                {"deviceId":"d-1","time":"yesterday","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":3}]}""");

        assertThat(rejected.reason()).isEqualTo(RejectReason.SCHEMA);
        assertThat(rejected.detail()).startsWith("/readings/0/time");
    }

    @Test
    void aTimeWithAnOffsetIsNormalisedToUtc() {
        var processed = (Processed) decode(batch("""
                {"deviceId":"d-1","time":"2026-11-25T10:59:00+01:00","seq":1,
                 "measurements":[{"n":"temperature","u":"Cel","v":3}]}"""));

        assertThat(processed.accepted().getFirst().time()).isEqualTo(Instant.parse("2026-11-25T09:59:00Z"));
    }

    @Test
    void readingLocationsAreRecognisedOnlyWithAnIndex() {
        assertThat(UplinkDecoder.readingIndexOf("/readings/12/seq")).isEqualTo(12);
        assertThat(UplinkDecoder.readingIndexOf("/readings/3")).isEqualTo(3);
        assertThat(UplinkDecoder.readingIndexOf("/readings")).isEqualTo(-1);
        assertThat(UplinkDecoder.readingIndexOf("/readings/x")).isEqualTo(-1);
        assertThat(UplinkDecoder.readingIndexOf("/readings/1x")).isEqualTo(-1);
        assertThat(UplinkDecoder.readingIndexOf("")).isEqualTo(-1);
    }

    private UplinkOutcome decode(String payload) {
        return decoder.decode(GATEWAY, UPLINK, utf8(payload));
    }

    private RejectedTelemetry refusedFor(String payload) {
        return ((Refused) decode(payload)).deadLetter();
    }

    private RejectedTelemetry onlyRejection(String reading) {
        var processed = (Processed) decode(batch(reading));
        assertThat(processed.accepted()).isEmpty();
        assertThat(processed.rejected()).hasSize(1);
        return processed.rejected().getFirst();
    }

    private static String batch(String readings) {
        return "{\"gatewayId\":\"gw-7\",\"sentAt\":\"2026-11-25T09:59:59Z\",\"readings\":[" + readings + "]}";
    }

    private static String reading(String deviceId, long seq) {
        return "{\"deviceId\":\"" + deviceId + "\",\"time\":\"2026-11-25T09:59:00Z\",\"seq\":" + seq
                + ",\"measurements\":[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":4.5}]}";
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
