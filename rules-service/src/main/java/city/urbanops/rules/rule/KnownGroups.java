package city.urbanops.rules.rule;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's vocabulary a rule may name: departments, districts, sites, device ids, and the measurements each
 * device type reports. A rule naming anything else is refused, so a typo cannot silently match nothing.
 */
public interface KnownGroups {

    Set<String> departments();

    Set<String> districts();

    Set<String> sites();

    boolean hasDevice(String deviceId);

    /** The measurements devices of {@code deviceType} report; empty when the registry knows no such type. */
    Optional<List<String>> measurementsOf(String deviceType);
}
