package city.urbanops.testkit.mqtt;

import java.util.Map;

/**
 * What the MQTT edge answered to one QoS 1 PUBLISH: the PUBACK reason code, reason string and MQTT 5 user
 * properties (the edge counts rejected readings there).
 */
public record PublishOutcome(int reasonCode, String reasonString, Map<String, String> userProperties) {

    /** MQTT 5: reason codes below 0x80 are successes. */
    public boolean delivered() {
        return reasonCode < 0x80;
    }
}
