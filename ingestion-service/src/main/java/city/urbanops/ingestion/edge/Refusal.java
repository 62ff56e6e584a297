package city.urbanops.ingestion.edge;

/**
 * What the MQTT edge refused before handling it, because holding it could let clients grow the heap, as the
 * {@code reason} tag of {@code urbanops.ingestion.refusals}.
 */
enum Refusal {
    /** PUBACK 0x97: the in-flight budget had no room for the PUBLISH; the gateway keeps the batch and retries. */
    IN_FLIGHT_BUDGET("in_flight_budget");

    private final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
