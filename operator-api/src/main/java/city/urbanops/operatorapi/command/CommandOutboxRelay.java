package city.urbanops.operatorapi.command;

import city.urbanops.events.Topics;
import city.urbanops.events.codec.CloudEventRecords;
import city.urbanops.events.codec.EventType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes approved commands from the outbox on {@code gateway.commands}, keyed by gateway id, CloudEvents id = the
 * command id. One round locks the oldest rows (skipping rows another instance is sending), sends them, waits for
 * Kafka's acknowledgement, then deletes them and marks the commands SENT in the same transaction. A failed send leaves
 * the rows; they are sent again with the same id, which gateways apply once.
 */
@Component
class CommandOutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(CommandOutboxRelay.class);
    private static final URI SOURCE = URI.create("urbanops:operator-api");

    private final JdbcClient jdbc;
    private final CommandRepository commands;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final CommandProperties properties;
    private final CommandMetrics metrics;
    private final Clock clock;

    CommandOutboxRelay(JdbcClient jdbc, CommandRepository commands, KafkaTemplate<String, byte[]> kafka,
                       TransactionTemplate transactions, CommandProperties properties, CommandMetrics metrics,
                       Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.kafka = kafka;
        this.transactions = transactions;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Pending(long id, UUID commandId, String gatewayId, byte[] payload, Instant createdAt) {
    }

    @Scheduled(fixedDelayString = "${urbanops.operator.commands.relay-interval:500ms}")
    void relay() {
        try {
            int sent;
            do {
                sent = transactions.execute(status -> sendOneRound());
            } while (sent == properties.relayBatchSize());
            metrics.outboxSize(jdbc.sql("select count(*) from command_outbox").query(Long.class).single());
        } catch (RuntimeException failure) {
            log.warn("Relaying commands failed, they stay in the outbox and are sent again: {}", failure.toString());
        }
    }

    private int sendOneRound() {
        List<Pending> pending = jdbc.sql("select id, command_id, gateway_id, payload, created_at from command_outbox "
                        + "order by id limit ? for update skip locked")
                .param(properties.relayBatchSize())
                .query((rs, n) -> new Pending(rs.getLong("id"), rs.getObject("command_id", UUID.class),
                        rs.getString("gateway_id"), rs.getBytes("payload"), rs.getTimestamp("created_at").toInstant()))
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
        for (Pending command : pending) {
            sends.add(kafka.send(CloudEventRecords.toRecord(Topics.GATEWAY_COMMANDS, command.gatewayId(),
                    EventType.GATEWAY_COMMAND, command.commandId().toString(), SOURCE, command.commandId().toString(),
                    command.createdAt(), command.payload())));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying commands", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " commands", e);
        }
        jdbc.sql("delete from command_outbox where id = any(?)")
                .param(pending.stream().map(Pending::id).toArray(Long[]::new)).update();
        // A command the gateway already answered (its DELIVERED or APPLIED came back before Kafka's acknowledgement
        // reached this relay) keeps its status, and its history gains no SENT line after the gateway's answer.
        commands.sent(pending.stream().map(Pending::commandId).toList(), clock.instant())
                .forEach(id -> commands.history(id, CommandStatus.SENT, CommandDispatch.SYSTEM, clock.instant(),
                        "published on " + Topics.GATEWAY_COMMANDS, id + ":SENT"));
        return pending.size();
    }
}
