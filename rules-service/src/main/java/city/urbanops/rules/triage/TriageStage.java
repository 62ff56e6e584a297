package city.urbanops.rules.triage;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.rules.topology.Finding;
import city.urbanops.rules.topology.PromptCommit;
import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesSettings;
import city.urbanops.rules.topology.StateStores;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The triage stage (keyed by district): decides each condition's cause (device fault, network fault, incident),
 * suppresses the silences a network fault explains, counts groups, and alone emits {@link AlertEvent}s keyed by
 * condition key. Its state lives in changelogged stores ({@link TriageStores}); its waits run on the wall clock
 * (punctuation every {@link RulesSettings#absenceCheckEvery()}), never on the arrival of the next record.
 */
public final class TriageStage implements Processor<String, Finding, String, AlertEvent> {

    private final RulesSettings settings;
    private final RulesMetrics metrics;
    private ProcessorContext<String, AlertEvent> context;
    private ConditionTriage conditions;
    private NetworkWatch network;
    private GroupCounter groups;

    private TriageStage(RulesSettings settings, RulesMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    public static ProcessorSupplier<String, Finding, String, AlertEvent> supplier(RulesSettings settings,
                                                                                 RulesMetrics metrics) {
        return supplier(settings, metrics, StateStores.PERSISTENT);
    }

    /** The stage with its stores of the given kind (in memory for the dry run). */
    public static ProcessorSupplier<String, Finding, String, AlertEvent> supplier(RulesSettings settings,
                                                                                 RulesMetrics metrics,
                                                                                 StateStores kind) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Finding, String, AlertEvent> get() {
                return new TriageStage(settings, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return TriageStores.builders(kind);
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, AlertEvent> context) {
        this.context = context;
        var book = new AlertBook(context, metrics, PromptCommit.schedule(context, settings.promptCommit()));
        this.conditions = new ConditionTriage(context, settings, book);
        this.network = new NetworkWatch(context, settings, book, new NetworkFaults(context, settings, metrics, book));
        this.groups = new GroupCounter(context, settings, book);
        context.schedule(settings.absenceCheckEvery(), PunctuationType.WALL_CLOCK_TIME, now -> {
            network.punctuate(now);
            groups.punctuate(now);
        });
    }

    @Override
    public void process(Record<String, Finding> record) {
        long receivedAt = record.timestamp();
        long now = context.currentSystemTimeMs();
        switch (record.value()) {
            case Finding.ConditionChange change -> {
                // a quarantined device raises nothing new; what is open for it may still clear
                if (change.active() && conditions.quarantined(change.device())) {
                    return;
                }
                if (change.absence()) {
                    network.absence(change, receivedAt, now);
                } else {
                    conditions.condition(change, receivedAt);
                }
            }
            case Finding.HealthChange change -> conditions.health(change, receivedAt);
            case Finding.Sample sample -> conditions.sample(sample);
            case Finding.GroupMember member -> {
                if (!member.beyond() || !conditions.quarantined(member.device())) {
                    groups.member(member, receivedAt);
                }
            }
            case Finding.GatewayChange change -> {
                network.gatewayChange(change, receivedAt, now);
                conditions.gatewayChanged(change.status().gatewayId(), change.status().time(), receivedAt);
            }
            case null -> {
            }
        }
    }
}
