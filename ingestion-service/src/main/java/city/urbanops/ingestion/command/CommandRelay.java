package city.urbanops.ingestion.command;

import city.urbanops.events.Topics;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.ingestion.command.CommandMetrics.Outcome;
import city.urbanops.ingestion.command.CommandRecords.Read;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Consumes {@code gateway.commands} and {@code gateway.command-results} in a consumer group of this instance alone
 * (prefix + instance id), so every instance sees every command and every result. Offsets are committed per group: on
 * {@code gateway.commands} never past the lowest command still held, so a restart holds again what was waiting; a new
 * group starts from the earliest offsets, and what expired meanwhile is dropped. A record that can never be read is
 * dead-lettered to {@code ingestion.dead-letter} with its reason and passed; when Kafka does not take the dead
 * letter, the record is consumed again from where it failed. The sweep that delivers and expires runs on a scheduler
 * of its own.
 */
public final class CommandRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final CommandDispatcher dispatcher;
    private final CommandRecords records;
    private final CommandResults results;
    private final CommandSettings settings;
    private final Properties consumerProperties;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private ScheduledExecutorService sweeper;

    CommandRelay(CommandDispatcher dispatcher, CommandRecords records, CommandResults results,
                 CommandSettings settings, String bootstrapServers, String instanceId) {
        this.dispatcher = dispatcher;
        this.records = records;
        this.results = results;
        this.settings = settings;
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupIdPrefix() + instanceId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingestion-commands-" + instanceId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumerProperties = props;
    }

    @Override
    public synchronized void start() {
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = Thread.ofPlatform().name("command-relay").daemon().start(this::run);
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("command-sweep").daemon().factory());
        long every = settings.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            dispatcher.sweep();
        } catch (RuntimeException failure) {
            // A scheduled task that throws is never run again.
            log.error("Command sweep failed", failure);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        var current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (var kafka = consumer) {
            kafka.subscribe(List.of(Topics.GATEWAY_COMMANDS, Topics.GATEWAY_COMMAND_RESULTS));
            while (running) {
                try {
                    var polled = kafka.poll(POLL);
                    boolean failed = false;
                    for (var partition : polled.partitions()) {
                        for (var record : polled.records(partition)) {
                            if (!handle(record)) {
                                kafka.seek(partition, record.offset());
                                failed = true;
                                break;
                            }
                        }
                    }
                    commit(kafka);
                    if (failed) {
                        pause();
                    }
                } catch (WakeupException stopping) {
                    return;
                } catch (KafkaException failure) {
                    log.warn("Command relay: Kafka failed ({}); retrying", failure.toString());
                    pause();
                }
            }
        }
    }

    /** False when the record must be consumed again (its dead letter did not reach Kafka). */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        if (Topics.GATEWAY_COMMANDS.equals(record.topic())) {
            return switch (records.command(record.key(), record.value())) {
                case Read.Valid<GatewayCommand>(GatewayCommand command) -> {
                    dispatcher.offer(command, new TopicPartition(record.topic(), record.partition()),
                            record.offset());
                    yield true;
                }
                case Read.Invalid<GatewayCommand>(String reason) -> deadLetter(record, reason);
            };
        }
        return switch (records.result(record.value())) {
            case Read.Valid<CommandResult>(CommandResult result) -> {
                dispatcher.resultSeen(result);
                yield true;
            }
            case Read.Invalid<CommandResult>(String reason) -> deadLetter(record, reason);
        };
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            results.deadLetter(record, reason).get(DEAD_LETTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            dispatcher.metrics().count(Outcome.DEAD_LETTERED);
            log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
            return true;
        } catch (ExecutionException | TimeoutException failure) {
            log.warn("Dead letter for {}-{}@{} not taken by Kafka ({}); consuming it again", record.topic(),
                    record.partition(), record.offset(), failure.toString());
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed = Map.of();

    private void commit(KafkaConsumer<String, byte[]> kafka) {
        var held = dispatcher.lowestHeldOffsets();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (var partition : kafka.assignment()) {
            long position = kafka.position(partition);
            offsets.put(partition, new OffsetAndMetadata(Math.min(position, held.getOrDefault(partition, position))));
        }
        if (!offsets.isEmpty() && !offsets.equals(committed)) {
            kafka.commitSync(offsets);
            committed = offsets;
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
