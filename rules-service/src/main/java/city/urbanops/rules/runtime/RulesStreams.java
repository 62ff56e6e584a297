package city.urbanops.rules.runtime;

import city.urbanops.rules.topology.RulesMetrics;
import city.urbanops.rules.topology.RulesTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the rules topology as a Kafka Streams application: exactly-once (state, alerts and offsets commit together,
 * so a killed instance's partitions move to another with no lost and no second alert), one standby replica per
 * store for a fast takeover, and a replaced stream thread after an unexpected error instead of a dead service.
 */
final class RulesStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RulesStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RulesProperties properties;
    private final String bootstrapServers;
    private final RulesMetrics metrics;
    private final MeterRegistry meterRegistry;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics clientMetrics;

    RulesStreams(RulesProperties properties, String bootstrapServers, RulesMetrics metrics,
                 MeterRegistry meterRegistry) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.metrics = metrics;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public void start() {
        var start = properties.readingsStart() == RulesProperties.ReadingsStart.EARLIEST
                ? AutoOffsetReset.earliest() : AutoOffsetReset.latest();
        var topology = RulesTopology.build(properties.settings(), metrics, start,
                properties.stateStore().kind());
        streams = new KafkaStreams(topology, config());
        streams.setUncaughtExceptionHandler(failure -> {
            log.error("A rules stream thread failed; replacing it", failure);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        clientMetrics = new KafkaStreamsMetrics(streams);
        clientMetrics.bindTo(meterRegistry);
        streams.start();
        log.info("Rules evaluation started as {} against {}, state in {}", properties.applicationId(), bootstrapServers,
                properties.stateStore());
    }

    private Properties config() {
        var config = new Properties();
        // Changelogs, findings and alerts compressed, unless urbanops.rules.streams[producer.compression.type] says
        // otherwise (without compression the benchmark measured no gain on a broker on the same host).
        config.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        config.putAll(properties.streams());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, properties.stateDir().toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, properties.streamThreads());
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, properties.standbyReplicas());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.commitInterval().toMillis());
        // The registry writes its topics in transactions: read only what it committed, the global stores included.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        config.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // Inputs are decoded inside the topology (bytes in), so only a record the global stores cannot read reaches
        // this handler: it is logged and counted by Kafka Streams' own skipped-records metric.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        return config;
    }

    @Override
    public void stop() {
        var running = streams;
        if (running != null) {
            running.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
            clientMetrics.close();
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The application's state, {@code NOT_RUNNING} before start and after stop. */
    KafkaStreams.State state() {
        var running = streams;
        return running == null ? KafkaStreams.State.NOT_RUNNING : running.state();
    }
}
