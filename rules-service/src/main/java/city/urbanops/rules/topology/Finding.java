package city.urbanops.rules.topology;

import city.urbanops.events.alert.AlertEvent.Evidence;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.rules.rule.Condition;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What the device stage (keyed by device) tells the triage stage (keyed by district) through the topology's internal
 * {@code findings} repartition topic. The device stage decides conditions of one device; triage decides what they
 * mean together (cause, suppression, grouping) and alone emits {@code AlertEvent}s. Every finding carries event time.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "finding")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Finding.ConditionChange.class, name = "condition"),
        @JsonSubTypes.Type(value = Finding.HealthChange.class, name = "health"),
        @JsonSubTypes.Type(value = Finding.Sample.class, name = "sample"),
        @JsonSubTypes.Type(value = Finding.GroupMember.class, name = "group-member"),
        @JsonSubTypes.Type(value = Finding.GatewayChange.class, name = "gateway")})
public sealed interface Finding {

    /** The district this finding is routed to triage under (the key of the repartition topic). */
    String district();

    /**
     * A rule's condition on one device began ({@code active}; sent again with fresh evidence while it lasts, at most
     * once per evidence change) or ended. {@code absence} marks a silence, which a network fault may explain.
     * {@code raisedAt} is the event time the condition began; {@code time} the event time of this change.
     */
    record ConditionChange(String conditionKey, RuleRef rule, DeviceContext device, boolean active, boolean absence,
                           Instant raisedAt, Instant time, Evidence evidence, Health health) implements Finding {
        @Override
        public String district() {
            return device.district();
        }
    }

    /**
     * The device's own health changed (a fault appeared, changed or went away). {@code quarantined} says the registry
     * has the device in quarantine: its conditions are not evaluated, and only its device-fault alert stays open.
     */
    record HealthChange(DeviceContext device, Health health, boolean quarantined, Instant time, Evidence evidence)
            implements Finding {
        @Override
        public String district() {
            return device.district();
        }
    }

    /**
     * The latest value of a measurement some enabled rule watches, sent at most once per device and measurement per
     * sampling interval: what triage compares neighbours with.
     */
    record Sample(DeviceContext device, String measurement, double value, Instant time) implements Finding {
        @Override
        public String district() {
            return device.district();
        }
    }

    /** A device entered ({@code beyond}) or left the level of a group-count rule. */
    record GroupMember(RuleRef rule, Condition.GroupCount condition, DeviceContext device, boolean beyond,
                       double value, Instant time) implements Finding {
        @Override
        public String district() {
            return device.district();
        }
    }

    /** A gateway's connectivity changed ({@code gateway.status}), routed to the gateway's district. */
    record GatewayChange(DeviceContext gateway, GatewayStatusEvent status) implements Finding {
        @Override
        public String district() {
            return gateway.district();
        }
    }
}
