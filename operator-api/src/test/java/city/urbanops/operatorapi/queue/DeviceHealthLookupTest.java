package city.urbanops.operatorapi.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeviceHealthLookupTest {

    @Test
    void twoHundredIdsOfUsualLengthAreOneCall() {
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> "gw-01-fl-" + String.format("%03d", i)).toList();

        assertThat(DeviceHealthLookup.chunks(ids)).hasSize(1).first().isEqualTo(String.join(",", ids));
    }

    @Test
    void idsTooLongForOneUrlAreSplitKeepingEveryIdWhole() {
        List<String> ids = IntStream.range(0, 200).mapToObj(i -> String.format("%064d", i)).toList();

        List<String> chunks = DeviceHealthLookup.chunks(ids);

        assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c.length())
                .isLessThanOrEqualTo(DeviceHealthLookup.MAX_IDS_CHARS));
        assertThat(chunks.stream().flatMap(c -> List.of(c.split(",")).stream()).toList()).isEqualTo(ids);
    }
}
