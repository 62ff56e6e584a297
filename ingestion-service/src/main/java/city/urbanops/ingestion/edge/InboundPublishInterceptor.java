package city.urbanops.ingestion.edge;

import city.urbanops.events.MqttTopics;
import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.ingestion.command.CommandDispatcher;
import city.urbanops.ingestion.command.GatewayAcks;
import city.urbanops.ingestion.publishing.TelemetryPublisher;
import city.urbanops.ingestion.status.GatewayStatusPublisher;
import city.urbanops.ingestion.uplink.UplinkDecoder;
import city.urbanops.ingestion.uplink.UplinkOutcome.Processed;
import city.urbanops.ingestion.uplink.UplinkOutcome.Refused;
import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every PUBLISH a gateway sends passes here before HiveMQ answers it. An uplink batch is decoded, validated and
 * produced to Kafka, and only Kafka's acknowledgement of every record lets PUBACK 0x00 go back; a batch that can
 * never be accepted is dead-lettered and answered 0x87 or 0x99; anything else that goes wrong is answered 0x83 so
 * the gateway keeps the batch and sends it again. A batch whose readings were all rejected is answered 0x99 (or 0x87
 * when the gateway may not speak for those devices); whenever readings were rejected, the PUBACK's user properties
 * count them by reason. A gateway's own status message is reported, then delivered.
 *
 * <p>HiveMQ gives a connection's PUBLISHes to this interceptor one at a time; the next waits for {@code resume()}.
 * What it may hold is bounded: an uplink PUBLISH takes its size from the {@link InFlightBudget} until its PUBACK is
 * decided (0x97 when it does not fit), a status message over the size limit is refused, and QoS 0, which has no PUBACK
 * to pace its sender, is not accepted at all.
 */
final class InboundPublishInterceptor {

    private static final Logger log = LoggerFactory.getLogger(InboundPublishInterceptor.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final String TIMEOUT_REASON = "Kafka did not acknowledge in time; keep the batch and retry";
    private static final int MAX_REASON_CHARS = 256;
    private static final String OVER_BUDGET_REASON =
            "the MQTT endpoint is handling all the data it may hold at once; keep the batch and send it again later";
    private static final String QOS_0_REASON = "QoS 0 is not accepted: publish at QoS 1 and wait for the PUBACK";

    private final UplinkDecoder decoder;
    private final TelemetryPublisher telemetry;
    private final GatewayStatusPublisher status;
    private final EdgeMetrics metrics;
    private final Duration publishTimeout;
    private final InFlightBudget budget;
    private final long maxStatusBytes;
    private final ConnectionCloser connections;
    private final GatewayAcks acks;
    private final CommandDispatcher commands;

    InboundPublishInterceptor(UplinkDecoder decoder, TelemetryPublisher telemetry, GatewayStatusPublisher status,
                              EdgeMetrics metrics, Duration publishTimeout, InFlightBudget budget,
                              long maxStatusBytes, ConnectionCloser connections, GatewayAcks acks,
                              CommandDispatcher commands) {
        this.decoder = decoder;
        this.telemetry = telemetry;
        this.status = status;
        this.metrics = metrics;
        this.publishTimeout = publishTimeout;
        this.budget = budget;
        this.maxStatusBytes = maxStatusBytes;
        this.connections = connections;
        this.acks = acks;
        this.commands = commands;
    }

    /** Puts this interceptor on a new connection, with the PUBACK annotations that belong to that connection alone. */
    void attachTo(ClientContext connection) {
        var annotations = new PubackAnnotations();
        connection.addPubackOutboundInterceptor(annotations);
        connection.addPublishInboundInterceptor((input, output) -> onInboundPublish(input, output, annotations));
        // The only QoS 1 messages a gateway receives are its commands, sent one at a time: its PUBACK answers the one.
        connection.addPubackInboundInterceptor((input, output) -> {
            var code = input.getPubackPacket().getReasonCode();
            commands.pubackFrom(input.getClientInformation().getClientId(),
                    code == AckReasonCode.SUCCESS || code == AckReasonCode.NO_MATCHING_SUBSCRIBERS, code.name());
        });
    }

    void onInboundPublish(PublishInboundInput input, PublishInboundOutput output, PubackAnnotations annotations) {
        long started = System.nanoTime();
        String clientId = input.getClientInformation().getClientId();
        var packet = input.getPublishPacket();
        String topic = packet.getTopic();
        ByteBuffer payload = packet.getPayload().orElse(EMPTY);
        if (packet.getQos() == Qos.AT_MOST_ONCE) {
            refuseAtMostOnce(clientId, output);
            return;
        }
        if (MqttTopics.gatewayOfStatus(topic).filter(clientId::equals).isPresent()) {
            onStatus(clientId, payload, output);
            return;
        }
        var ackOf = MqttTopics.gatewayOfAck(topic);
        if (ackOf.isPresent()) {
            onAck(clientId, ackOf.get(), payload, output);
            return;
        }
        int size = payload.remaining();
        if (!budget.tryTake(size)) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, OVER_BUDGET_REASON);
            metrics.refused(Refusal.IN_FLIGHT_BUDGET);
            return;
        }
        // Never the two-argument async(): its timeout answers SUCCESS and drops the batch.
        var answer = new Answer(output.async(publishTimeout, TimeoutFallback.FAILURE,
                AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, TIMEOUT_REASON), started, packet.getPacketId(),
                annotations);
        try {
            switch (decoder.decode(clientId, topic, payload)) {
                case Refused refused -> telemetry.publishDeadLetter(refused.deadLetter())
                        .whenComplete((ok, failure) -> answer.refused(refused, failure))
                        .whenComplete((ok, failure) -> budget.giveBack(size));
                case Processed processed -> telemetry.publish(processed.accepted(), processed.rejected())
                        .whenComplete((ok, failure) -> answer.processed(processed, failure))
                        .whenComplete((ok, failure) -> budget.giveBack(size));
            }
        } catch (RuntimeException unexpected) {
            log.error("Uplink from gateway {} on {} could not be handled; answering retry", clientId, topic,
                    unexpected);
            budget.giveBack(size);
            answer.retry(unexpected);
        }
    }

    /**
     * MQTT lets a server that will not take a PUBLISH either acknowledge it as its QoS demands or close the
     * connection; a QoS 0 PUBLISH has no acknowledgement, so closing is the only way to tell its sender.
     */
    private void refuseAtMostOnce(String clientId, PublishInboundOutput output) {
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, QOS_0_REASON);
        metrics.refused(Refusal.QOS_0);
        connections.close(clientId, DisconnectReasonCode.NOT_AUTHORIZED, QOS_0_REASON);
    }

    private void onStatus(String gatewayId, ByteBuffer payload, PublishInboundOutput output) {
        if (!payload.hasRemaining()) {
            // An empty retained message clears the gateway's status; there is nothing to report.
            return;
        }
        if (payload.remaining() > maxStatusBytes) {
            // Refused before anything holds it: not reported, not delivered, so never kept as retained either.
            output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID, reason("status message of "
                    + payload.remaining() + " bytes exceeds the limit of " + maxStatusBytes + " bytes; never retry"));
            metrics.refused(Refusal.STATUS_OVERSIZED);
            return;
        }
        var async = output.async(publishTimeout, TimeoutFallback.FAILURE, AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                TIMEOUT_REASON);
        try {
            status.reported(gatewayId, payload).whenComplete((ok, failure) -> {
                try {
                    if (failure != null && async.getStatus() == Async.Status.RUNNING) {
                        async.getOutput().preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                                reason("status not recorded: " + failure));
                    }
                } finally {
                    async.resume();
                }
            });
        } catch (RuntimeException unexpected) {
            log.error("Status of gateway {} could not be handled; answering retry", gatewayId, unexpected);
            async.getOutput().preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                    reason("status not recorded: " + unexpected));
            async.resume();
        }
    }

    /**
     * A command result: forwarded to {@code gateway.command-results} and PUBACK 0x00 once Kafka has it; 0x87 on
     * another gateway's ack topic and 0x99 for an invalid ack, neither forwarded; 0x83 when Kafka did not take it.
     */
    private void onAck(String gatewayId, String topicGateway, ByteBuffer payload, PublishInboundOutput output) {
        if (!topicGateway.equals(gatewayId)) {
            acks.refused();
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, reason("gateway '" + gatewayId
                    + "' may publish acks only on " + MqttTopics.ack(gatewayId)));
            return;
        }
        switch (acks.judge(gatewayId, payload)) {
            case GatewayAcks.Verdict.Refuse refuse -> {
                acks.refused();
                output.preventPublishDelivery(AckReasonCode.PAYLOAD_FORMAT_INVALID,
                        reason("invalid ack, never retry: " + refuse.reason()));
            }
            case GatewayAcks.Verdict.Forward forward -> {
                var async = output.async(publishTimeout, TimeoutFallback.FAILURE,
                        AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, TIMEOUT_REASON);
                try {
                    acks.forward(forward.result()).whenComplete((ok, failure) -> {
                        try {
                            if (async.getStatus() != Async.Status.RUNNING) {
                                acks.retry();
                            } else if (failure != null) {
                                acks.retry();
                                async.getOutput().preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                                        reason("ack not recorded, send it again: " + failure));
                            } else {
                                acks.forwarded();
                                async.getOutput().preventPublishDelivery();
                            }
                        } catch (UnsupportedOperationException timedOutMeanwhile) {
                            // HiveMQ's timeout answered 0x83 in between; that answer stands.
                        } finally {
                            async.resume();
                        }
                    });
                } catch (RuntimeException unexpected) {
                    log.error("Ack of gateway {} could not be handled; answering retry", gatewayId, unexpected);
                    acks.retry();
                    async.getOutput().preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                            reason("ack not recorded, send it again: " + unexpected));
                    async.resume();
                }
            }
        }
    }

    private static String reason(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS);
    }

    /** The one answer to one uplink PUBLISH; runs on Kafka's I/O thread, so it only sets the PUBACK and resumes. */
    private final class Answer {

        private final Async<PublishInboundOutput> async;
        private final long started;
        private final int packetId;
        private final PubackAnnotations annotations;

        Answer(Async<PublishInboundOutput> async, long started, int packetId, PubackAnnotations annotations) {
            this.async = async;
            this.started = started;
            this.packetId = packetId;
            this.annotations = annotations;
        }

        void refused(Refused refused, Throwable failure) {
            if (failure != null) {
                retry(failure);
                return;
            }
            var code = refused.reason() == RejectReason.TOPIC
                    ? AckReasonCode.NOT_AUTHORIZED : AckReasonCode.PAYLOAD_FORMAT_INVALID;
            complete(code, refused.reason() + ": " + refused.deadLetter().detail(), Map.of(), BatchOutcome.REFUSED,
                    () -> metrics.rejected(refused.reason()));
        }

        void processed(Processed processed, Throwable failure) {
            if (failure != null) {
                retry(failure);
                return;
            }
            var summary = RejectionSummary.of(processed);
            complete(summary.code(), summary.reasonString(), summary.userProperties(),
                    summary.allRejected() ? BatchOutcome.REJECTED : BatchOutcome.ACKED,
                    () -> metrics.written(processed.accepted(), processed.rejected()));
        }

        void retry(Throwable failure) {
            complete(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "not stored, keep the batch and retry: " + failure,
                    Map.of(), BatchOutcome.RETRY, () -> { });
        }

        /** Sets the PUBACK unless HiveMQ's timeout already answered 0x83, in which case the verdict is moot. */
        private void complete(AckReasonCode code, String reasonString, Map<String, String> userProperties,
                              BatchOutcome outcome, Runnable countWritten) {
            try {
                if (async.getStatus() != Async.Status.RUNNING) {
                    metrics.answered(BatchOutcome.RETRY, started);
                    return;
                }
                if (code == AckReasonCode.SUCCESS) {
                    async.getOutput().preventPublishDelivery();
                } else {
                    async.getOutput().preventPublishDelivery(code, reason(reasonString));
                }
                annotations.annotate(packetId, userProperties);
                countWritten.run();
                metrics.answered(outcome, started);
            } catch (UnsupportedOperationException timedOutMeanwhile) {
                // The timeout fired between the status check and this answer; HiveMQ's 0x83 stands.
                metrics.answered(BatchOutcome.RETRY, started);
            } finally {
                async.resume();
            }
        }
    }
}
