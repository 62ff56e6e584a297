package city.urbanops.events.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What became of a {@link GatewayCommand}: on {@code gateway.command-results} keyed by {@code gatewayId}. A gateway
 * publishes {@link Outcome#APPLIED} or {@link Outcome#REFUSED} on its uplink topic {@code city/v1/gw/{gatewayId}/ack}
 * (ingestion checks the gateway id against the topic and forwards it); ingestion itself reports
 * {@link Outcome#DELIVERED} once the gateway took the command (PUBACK) and {@link Outcome#EXPIRED} when it held a
 * command for an offline gateway past its expiry. {@link #eventId()} = {@code commandId:outcome}: one outcome of one
 * command, repeated by a copy. Schema: {@code schemas/v1/command-result.json}.
 *
 * @param reason     why, in words a person reads: the refusal's reason, or what was applied; may be null
 * @param reportedBy the gateway id for APPLIED/REFUSED, the ingestion instance for DELIVERED/EXPIRED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        String commandId,
        String gatewayId,
        Outcome outcome,
        String reason,
        Instant at,
        String reportedBy) {

    /** The CloudEvents id: {@code commandId:outcome}. */
    public String eventId() {
        return commandId + ":" + outcome;
    }

    /** What happened to the command. */
    public enum Outcome {
        /** The gateway's MQTT session took it (PUBACK); the gateway has not answered yet. */
        DELIVERED,
        /** The gateway applied it. */
        APPLIED,
        /** The gateway refused it, with a reason (unknown device, unsupported type, bad parameter, expired). */
        REFUSED,
        /** Its expiry passed before it could be delivered. */
        EXPIRED;

        /** Whether nothing more will happen to the command after this outcome. */
        public boolean isFinal() {
            return this != DELIVERED;
        }
    }
}
