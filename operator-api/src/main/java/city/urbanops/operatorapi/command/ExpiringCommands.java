package city.urbanops.operatorapi.command;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The visible failure of a command nobody answered: an approved, sent or delivered command past its expiry becomes
 * EXPIRED, with a reason a person reads, in bounded rounds.
 */
@Component
class ExpiringCommands {

    static final String NO_ANSWER = "the gateway did not answer before the command expired";

    private static final Logger log = LoggerFactory.getLogger(ExpiringCommands.class);

    private final CommandRepository commands;
    private final CommandAudit audit;
    private final CommandMetrics metrics;
    private final TransactionTemplate transactions;
    private final CommandProperties properties;
    private final Clock clock;

    ExpiringCommands(CommandRepository commands, CommandAudit audit, CommandMetrics metrics,
                     TransactionTemplate transactions, CommandProperties properties, Clock clock) {
        this.commands = commands;
        this.audit = audit;
        this.metrics = metrics;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${urbanops.operator.commands.expiry-interval:10s}")
    void sweep() {
        try {
            int expired;
            do {
                expired = transactions.execute(status -> expireOneRound());
            } while (expired == properties.expiryBatchSize());
        } catch (RuntimeException failure) {
            log.warn("Expiring commands failed, the next sweep tries again: {}", failure.toString());
        }
    }

    private int expireOneRound() {
        Instant now = clock.instant();
        List<StoredCommand> due = commands.pastExpiry(now, properties.expiryBatchSize());
        for (StoredCommand command : due) {
            commands.history(command.id(), CommandStatus.EXPIRED, CommandDispatch.SYSTEM, now, NO_ANSWER,
                    command.id() + ":" + CommandStatus.EXPIRED);
            commands.moved(command.id(), CommandStatus.EXPIRED, NO_ANSWER, now);
            commands.dequeue(command.id());
            audit.command(command, "expired", CommandDispatch.SYSTEM, now, NO_ANSWER);
            metrics.counted(command.type(), CommandMetrics.Outcome.EXPIRED);
        }
        return due.size();
    }
}
