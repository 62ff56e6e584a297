package city.urbanops.testkit.mqtt;

/** What the MQTT edge answered to one QoS 1 PUBLISH: the PUBACK reason code and reason string. */
public record PublishOutcome(int reasonCode, String reasonString) {

    /** MQTT 5: reason codes below 0x80 are successes. */
    public boolean delivered() {
        return reasonCode < 0x80;
    }
}
