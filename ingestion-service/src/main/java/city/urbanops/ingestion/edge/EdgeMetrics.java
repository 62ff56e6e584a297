package city.urbanops.ingestion.edge;

import city.urbanops.events.EventClass;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT edge's meters. Readings and rejects are counted once Kafka acknowledged them, so a batch the gateway
 * has to re-send is not counted twice.
 */
final class EdgeMetrics {

    private final Map<EventClass, Counter> readings = new EnumMap<>(EventClass.class);
    private final Map<RejectReason, Counter> rejects = new EnumMap<>(RejectReason.class);
    private final Map<BatchOutcome, Counter> batches = new EnumMap<>(BatchOutcome.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final Timer latency;

    EdgeMetrics(MeterRegistry meters) {
        for (var eventClass : EventClass.values()) {
            readings.put(eventClass, Counter.builder("urbanops.ingestion.readings")
                    .tag("event_class", eventClass.name().toLowerCase(Locale.ROOT))
                    .description("Readings produced to their class topic").register(meters));
        }
        for (var reason : RejectReason.values()) {
            rejects.put(reason, Counter.builder("urbanops.ingestion.rejects")
                    .tag("reason", reason.name())
                    .description("Messages and readings dead-lettered to telemetry.rejected").register(meters));
        }
        for (var outcome : BatchOutcome.values()) {
            batches.put(outcome, Counter.builder("urbanops.ingestion.batches")
                    .tag("outcome", outcome.tag())
                    .description("Uplink PUBLISHes answered, by PUBACK outcome").register(meters));
        }
        for (var refusal : Refusal.values()) {
            refusals.put(refusal, Counter.builder("urbanops.ingestion.refusals")
                    .tag("reason", refusal.tag())
                    .description("PUBLISHes and CONNECTs refused before handling, to keep the heap bounded")
                    .register(meters));
        }
        latency = Timer.builder("urbanops.ingestion.batch.latency")
                .description("From an uplink PUBLISH arriving to its PUBACK being decided")
                .publishPercentileHistogram()
                .register(meters);
    }

    void written(List<TelemetryRecord> accepted, List<RejectedTelemetry> rejected) {
        int state = 0;
        int environmental = 0;
        int mobility = 0;
        int failure = 0;
        for (var record : accepted) {
            switch (record.eventClass()) {
                case STATE -> state++;
                case ENVIRONMENTAL -> environmental++;
                case MOBILITY -> mobility++;
                case FAILURE -> failure++;
            }
        }
        readings.get(EventClass.STATE).increment(state);
        readings.get(EventClass.ENVIRONMENTAL).increment(environmental);
        readings.get(EventClass.MOBILITY).increment(mobility);
        readings.get(EventClass.FAILURE).increment(failure);
        for (var deadLetter : rejected) {
            rejects.get(deadLetter.reason()).increment();
        }
    }

    void rejected(RejectReason reason) {
        rejects.get(reason).increment();
    }

    void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    void answered(BatchOutcome outcome, long startedNanos) {
        batches.get(outcome).increment();
        latency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
