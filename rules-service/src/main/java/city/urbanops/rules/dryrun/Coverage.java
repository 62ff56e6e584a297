package city.urbanops.rules.dryrun;

import city.urbanops.events.Topics;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.rules.rule.Scope;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The history one rule version's replay is fed: readings of the devices its scope covers (as the registry has them
 * now) and the connectivity of those devices' gateways. A rule that restricts nothing is fed everything, readings of
 * devices the registry no longer knows included, as live evaluation saw them.
 */
final class Coverage implements Predicate<HistoryRecord> {

    private final boolean everything;
    private final Set<String> devices = new HashSet<>();
    private final Set<String> gateways = new HashSet<>();

    private Coverage(Scope scope, Collection<DeviceRecord> registry) {
        this.everything = scope.equals(Scope.everything());
        if (!everything) {
            for (var device : registry) {
                if (scope.covers(device)) {
                    devices.add(device.deviceId());
                    if (device.gatewayId() != null) {
                        gateways.add(device.gatewayId());
                    }
                }
            }
        }
    }

    static Coverage of(Scope scope, Collection<DeviceRecord> registry) {
        return new Coverage(scope, registry);
    }

    @Override
    public boolean test(HistoryRecord record) {
        if (Topics.CLASS_TOPICS.contains(record.topic())) {
            return everything || devices.contains(record.key());
        }
        if (Topics.GATEWAY_STATUS.equals(record.topic())) {
            return everything || gateways.contains(record.key());
        }
        return false;
    }
}
