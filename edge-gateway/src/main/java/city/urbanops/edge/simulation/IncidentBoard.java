package city.urbanops.edge.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The incidents injected into the simulated city, planned or requested over REST; thread-safe. */
public final class IncidentBoard {

    /** What became of a request to inject an incident. */
    public sealed interface Injection {
        record Injected(Incident incident) implements Injection {
        }

        record UnknownDevice(String deviceId) implements Injection {
        }

        record WrongDeviceType(String deviceId, DeviceType actual, IncidentKind kind) implements Injection {
        }
    }

    private final Function<String, Optional<DeviceType>> deviceTypes;
    private final Clock clock;
    private final Map<String, Incident> incidents = new ConcurrentHashMap<>();

    public IncidentBoard(Function<String, Optional<DeviceType>> deviceTypes, Clock clock) {
        this.deviceTypes = deviceTypes;
        this.clock = clock;
    }

    /** Plays {@code kind} on {@code deviceId} from {@code startAfter} from now, for {@code duration}. */
    public Injection inject(String deviceId, IncidentKind kind, Duration startAfter, Duration duration) {
        Optional<DeviceType> type = deviceTypes.apply(deviceId);
        if (type.isEmpty()) {
            return new Injection.UnknownDevice(deviceId);
        }
        if (type.get() != kind.appliesTo()) {
            return new Injection.WrongDeviceType(deviceId, type.get(), kind);
        }
        Instant start = clock.instant().plus(startAfter);
        var incident = new Incident(UUID.randomUUID().toString(), deviceId, kind, start, start.plus(duration));
        incidents.put(incident.id(), incident);
        return new Injection.Injected(incident);
    }

    /** The incident kind playing on {@code deviceId} at {@code time}, if any. */
    public Optional<IncidentKind> activeOn(String deviceId, Instant time) {
        return incidents.values().stream()
                .filter(incident -> incident.deviceId().equals(deviceId) && incident.activeAt(time))
                .map(Incident::kind)
                .findFirst();
    }

    /** Incidents that are playing or still to come, oldest first; finished ones are forgotten. */
    public List<Incident> current() {
        Instant now = clock.instant();
        incidents.values().removeIf(incident -> !incident.endsAt().isAfter(now));
        return incidents.values().stream().sorted(Comparator.comparing(Incident::startsAt)).toList();
    }

    /** Ends an incident now; false if there is no such incident. */
    public boolean end(String incidentId) {
        return incidents.remove(incidentId) != null;
    }
}
