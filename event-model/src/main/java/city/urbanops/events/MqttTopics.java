package city.urbanops.events;

import java.util.Optional;
import java.util.regex.Pattern;

/** MQTT topic layout between gateways and ingestion's MQTT edge. */
public final class MqttTopics {
    /** Subscription filter for every gateway's uplink batches. */
    public static final String UPLINK_FILTER = "city/v1/gw/+/up";
    /** Subscription filter for every gateway's retained status (the last will says offline). */
    public static final String STATUS_FILTER = "city/v1/gw/+/status";
    /** Subscription filter for every gateway's command results ({@code CommandResult} JSON). */
    public static final String ACK_FILTER = "city/v1/gw/+/ack";

    private static final Pattern GATEWAY_TOPIC = Pattern.compile("^city/v1/gw/([A-Za-z0-9][A-Za-z0-9._-]{0,63})/(up|status|ack|down(/.*)?)$");

    private MqttTopics() {
    }

    public static String uplink(String gatewayId) {
        return "city/v1/gw/" + gatewayId + "/up";
    }

    public static String status(String gatewayId) {
        return "city/v1/gw/" + gatewayId + "/status";
    }

    /** Commands and configuration for one gateway arrive under this prefix. */
    public static String downlink(String gatewayId, String what) {
        return "city/v1/gw/" + gatewayId + "/down/" + what;
    }

    /** Where a gateway receives its commands ({@code GatewayCommand} JSON). */
    public static String commands(String gatewayId) {
        return downlink(gatewayId, "commands");
    }

    /** Where a gateway answers its commands ({@code CommandResult} JSON: APPLIED or REFUSED). */
    public static String ack(String gatewayId) {
        return "city/v1/gw/" + gatewayId + "/ack";
    }

    /** The gateway id in an ack topic, or empty if the topic is not an ack topic. */
    public static Optional<String> gatewayOfAck(String topic) {
        var matcher = GATEWAY_TOPIC.matcher(topic);
        return matcher.matches() && "ack".equals(matcher.group(2)) ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The gateway id in an uplink topic, or empty if the topic is not an uplink topic. */
    public static Optional<String> gatewayOfUplink(String topic) {
        var matcher = GATEWAY_TOPIC.matcher(topic);
        return matcher.matches() && "up".equals(matcher.group(2)) ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The gateway id in a status topic, or empty if the topic is not a status topic. */
    public static Optional<String> gatewayOfStatus(String topic) {
        var matcher = GATEWAY_TOPIC.matcher(topic);
        return matcher.matches() && "status".equals(matcher.group(2)) ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
