package city.urbanops.operatorapi.live;

import static java.nio.charset.StandardCharsets.UTF_8;

import city.urbanops.events.Topics;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Feeds the {@link LiveHub} from {@code alerts.lifecycle} and {@code gateway.status}. Every operator-api instance
 * reads every record (a consumer group of its own, {@code operator-live-<random>}) from the end: the live stream is
 * about now; what happened before is the queue page's. A record that cannot be read goes to
 * {@code operator.dead-letter} with the reason in {@value #REASON_HEADER}.
 */
@Component
@EnableConfigurationProperties(LiveProperties.class)
class LiveConsumer {

    static final String REASON_HEADER = "urbanops_dlt-reason";

    private static final Logger log = LoggerFactory.getLogger(LiveConsumer.class);

    private final LiveHub hub;
    private final EventJson json = new EventJson();
    private final DeadLetterPublishingRecoverer deadLetters;
    private final MeterRegistry meters;

    LiveConsumer(LiveHub hub, KafkaTemplate<String, byte[]> template, MeterRegistry meters) {
        this.hub = hub;
        this.meters = meters;
        this.deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, why) -> new TopicPartition(Topics.OPERATOR_DEAD_LETTER, -1));
        deadLetters.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        deadLetters.setFailIfSendResultIsError(true);
        deadLetters.addHeadersFunction((record, why) -> new RecordHeaders().add(REASON_HEADER,
                "UNREADABLE".getBytes(UTF_8)));
    }

    @KafkaListener(id = "operator-live", topics = {Topics.ALERTS_LIFECYCLE, Topics.GATEWAY_STATUS},
            groupId = "operator-live-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void onRecord(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        try {
            if (Topics.ALERTS_LIFECYCLE.equals(record.topic())) {
                AlertLifecycleEvent event = read(record, AlertLifecycleEvent.class);
                hub.publish("alert", event.department(), event.district(), json.writeString(event));
            } else {
                GatewayStatusEvent event = read(record, GatewayStatusEvent.class);
                hub.publish("gateway", null, null, json.writeString(event));
            }
            meters.counter("urbanops.operator.live.events", "topic", record.topic()).increment();
        } catch (Unreadable e) {
            deadLetters.accept(record, e);
            meters.counter("urbanops.operator.live.dead.letters", "reason", "UNREADABLE").increment();
            log.warn("Dead-lettered {}-{}@{} to {}: unreadable", record.topic(), record.partition(), record.offset(),
                    Topics.OPERATOR_DEAD_LETTER);
        }
        ack.acknowledge();
    }

    private <T> T read(ConsumerRecord<String, byte[]> record, Class<T> type) {
        if (record.value() == null) {
            throw new Unreadable("no value");
        }
        try {
            T event = json.read(record.value(), type);
            if (event == null) {
                throw new Unreadable("null document");
            }
            return event;
        } catch (JacksonException e) {
            throw new Unreadable(e.getOriginalMessage());
        }
    }

    static final class Unreadable extends RuntimeException {
        Unreadable(String detail) {
            super("UNREADABLE: " + detail, null, false, false);
        }
    }
}
