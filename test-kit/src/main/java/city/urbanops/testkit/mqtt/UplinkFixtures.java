package city.urbanops.testkit.mqtt;

import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import city.urbanops.events.uplink.UplinkBatch;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/** Valid uplink batches for tests. */
public final class UplinkFixtures {

    private UplinkFixtures() {
    }

    /**
     * A batch of {@code readings} environmental readings, one per device {@code <devicePrefix>-<i>}, all with sequence
     * number {@code seq}: successive batches with successive {@code seq} never repeat a (device, seq) pair.
     */
    public static UplinkBatch batch(String gatewayId, String devicePrefix, int readings, long seq) {
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var list = new ArrayList<Reading>(readings);
        for (int i = 0; i < readings; i++) {
            list.add(new Reading(devicePrefix + "-" + i, now, seq, null, java.util.List.of(
                    Measurement.numeric("temperature", "Cel", 12.5 + (i % 10)),
                    Measurement.numeric("humidity", "%RH", 60 + (seq % 30)))));
        }
        return new UplinkBatch(gatewayId, now, list);
    }
}
