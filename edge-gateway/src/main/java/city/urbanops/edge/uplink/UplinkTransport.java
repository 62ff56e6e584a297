package city.urbanops.edge.uplink;

/** One gateway's connection to ingestion's MQTT edge, as the uplink sender uses it. */
public interface UplinkTransport extends AutoCloseable {

    /** Connects if not connected (announcing the gateway online); true when connected afterwards. */
    boolean ensureConnected();

    boolean isConnected();

    /** Publishes one encoded batch at QoS 1 and waits for its PUBACK; never throws for a failed delivery. */
    PubackOutcome publish(byte[] batch);

    /**
     * Drops the connection the way a cut backhaul or a power loss does: the socket closes without an MQTT DISCONNECT,
     * so the MQTT endpoint sees the connection lost (and fires the last will). Nothing is announced.
     */
    void dropConnection();

    /** Announces the gateway offline and disconnects. */
    @Override
    void close();
}
