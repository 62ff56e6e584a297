package city.urbanops.ingestion.edge;

/**
 * What the MQTT edge refused before handling it, because holding it could let clients grow the heap, as the
 * {@code reason} tag of {@code urbanops.ingestion.refusals}.
 */
enum Refusal {
    /** PUBACK 0x97: the in-flight budget had no room for the PUBLISH; the gateway keeps the batch and retries. */
    IN_FLIGHT_BUDGET("in_flight_budget"),
    /** PUBACK 0x99: a status message over the status size limit; neither reported, retained nor delivered. */
    STATUS_OVERSIZED("status_oversized"),
    /** DISCONNECT 0x87: a QoS 0 PUBLISH, which has no PUBACK to slow its sender down. */
    QOS_0("qos_0"),
    /** CONNACK 0x87: a last will on any topic but the gateway's own status topic. */
    WILL_TOPIC("will_topic"),
    /** CONNACK 0x97: a last will over the status size limit. */
    WILL_OVERSIZED("will_oversized");

    private final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
