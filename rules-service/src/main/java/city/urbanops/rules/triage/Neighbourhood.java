package city.urbanops.rules.triage;

import city.urbanops.rules.topology.DeviceContext;
import city.urbanops.rules.topology.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Who counts as a device's neighbour: another device of the same type whose location is within the radius (devices
 * without a location have no neighbours). Pure, so the policies that weigh neighbours are tested without Kafka.
 */
final class Neighbourhood {

    private Neighbourhood() {
    }

    /** A neighbour's latest value of the measurement, and how far it is. */
    record NeighbourReading(String deviceId, double metres, double value, Instant time) {
    }

    /** A neighbour in the same rule's condition. */
    record NeighbourInCondition(String deviceId, double metres) {
    }

    /** The metres from {@code device} to {@code other} when it is a neighbour within {@code radius}; else negative. */
    static double metresIfNeighbour(DeviceContext device, DeviceContext other, double radius) {
        if (other.deviceId().equals(device.deviceId()) || device.deviceType() == null
                || !device.deviceType().equals(other.deviceType())) {
            return -1;
        }
        var metres = device.metresTo(other);
        return metres.isPresent() && metres.getAsDouble() <= radius ? metres.getAsDouble() : -1;
    }

    /**
     * The fresh neighbour samples of {@code device}, nearest first. A sample is fresh when it was taken within
     * {@code freshness} of {@code at} (either side): an older value says nothing about the moment the condition
     * was judged.
     */
    static List<NeighbourReading> freshReadings(DeviceContext device, Collection<Finding.Sample> samples, double radius,
                                                Instant at, Duration freshness) {
        return samples.stream()
                .filter(sample -> Duration.between(sample.time(), at).abs().compareTo(freshness) <= 0)
                .map(sample -> new NeighbourReading(sample.device().deviceId(),
                        metresIfNeighbour(device, sample.device(), radius), sample.value(), sample.time()))
                .filter(reading -> reading.metres() >= 0)
                .sorted(Comparator.comparingDouble(NeighbourReading::metres))
                .toList();
    }
}
