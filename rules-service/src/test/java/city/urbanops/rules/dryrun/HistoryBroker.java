package city.urbanops.rules.dryrun;

import city.urbanops.testkit.kafka.KafkaBroker;

/**
 * A broker for the tests that write history with record times of their choosing, shared by them and by no other test:
 * history is read by record time, and records other tests stamp "now" before these tests stamp an earlier time would
 * end a partition's range early, which the platform's producers (stamping on receipt) never do.
 */
final class HistoryBroker {

    private static KafkaBroker broker;

    private HistoryBroker() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = KafkaBroker.startDedicated();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "history-broker-shutdown"));
        }
        return broker.bootstrapServers();
    }

    static synchronized KafkaBroker broker() {
        bootstrapServers();
        return broker;
    }
}
