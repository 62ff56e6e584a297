package city.urbanops.ingestion.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaRecordSenderTest {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaRecordSender sender =
            new KafkaRecordSender(producer, Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void aGroupIsDoneOnlyWhenKafkaAcknowledgedEveryRecord() {
        var written = sender.sendAll(records(3));

        producer.completeNext();
        producer.completeNext();
        assertThat(written).isNotDone();

        producer.completeNext();
        assertThat(written).isCompleted();
    }

    @Test
    void oneFailedRecordFailsTheWholeGroup() {
        var written = sender.sendAll(records(3));

        producer.completeNext();
        producer.errorNext(new NotLeaderOrFollowerException("leader moved"));
        producer.completeNext();

        assertThat(written).isCompletedExceptionally();
    }

    @Test
    void aSendThatThrowsFailsTheGroupAndStopsSending() {
        producer.sendException = new KafkaException("producer closed");

        var written = sender.sendAll(records(3));

        assertThat(written).isCompletedExceptionally();
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anEmptyGroupIsDoneAtOnce() {
        assertThat(sender.sendAll(List.of())).isCompleted();
    }

    private static List<ProducerRecord<String, byte[]>> records(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new ProducerRecord<String, byte[]>("telemetry.state", "d-" + i, new byte[] {1}))
                .toList();
    }
}
