package city.urbanops.ingestion.edge;

/** How the MQTT edge answered a PUBLISH, as the {@code outcome} tag of {@code urbanops.ingestion.batches}. */
enum BatchOutcome {
    /** PUBACK 0x00: everything of the batch is on Kafka. */
    ACKED("acked"),
    /** PUBACK 0x83: Kafka did not take all of it; the gateway keeps the batch and sends it again. */
    RETRY("retry"),
    /** PUBACK 0x87 or 0x99: the message can never be accepted; its dead letter is on Kafka. */
    REFUSED("refused"),
    /** PUBACK 0x87 or 0x99: every reading of the batch was rejected; their dead letters are on Kafka. */
    REJECTED("rejected");

    private final String tag;

    BatchOutcome(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
