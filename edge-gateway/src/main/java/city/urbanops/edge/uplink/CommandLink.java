package city.urbanops.edge.uplink;

import java.util.function.Consumer;

/**
 * A gateway's MQTT connection as its command handling uses it: commands arrive on its command topic (subscribed at
 * QoS 1 on every connect), answers go out on its ack topic.
 */
public interface CommandLink {

    /** Who receives each command payload; set before the uplink starts. Called on the MQTT client's thread. */
    void onCommand(Consumer<byte[]> listener);

    boolean isConnected();

    /** Publishes an ack at QoS 1 and waits for the PUBACK: its reason code, or -1 when none came. */
    int publishAck(byte[] ack);
}
