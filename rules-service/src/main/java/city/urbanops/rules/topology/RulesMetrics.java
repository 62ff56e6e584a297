package city.urbanops.rules.topology;

import city.urbanops.events.alert.AlertEvent;

/**
 * What the topology counts. Live evaluation meters it with Micrometer ({@code MicrometerRulesMetrics}); the dry run
 * passes {@link #NONE}, so a rehearsal never shows up in the live figures.
 */
public interface RulesMetrics {

    RulesMetrics NONE = new RulesMetrics() {
    };

    /** One reading passed through the device stage ({@code quarantined}: it was left out of evaluation). */
    default void readingEvaluated(boolean quarantined) {
    }

    /**
     * A reading the device stage left alone: {@code unknown-device} (the registry does not know it) or
     * {@code not-after-last} (not after the device's last processed reading: a re-delivery or out of order).
     */
    default void readingIgnored(String reason) {
    }

    /** A measurement of a reading could not be used (missing or non-numeric value where a number was expected). */
    default void measurementUnusable(String reason) {
    }

    /** A class-topic record that is not a reading went to the dead letter. */
    default void undecodable() {
    }

    /** An alert transition left triage; {@code latencyMillis} is wall clock minus the triggering reading's receipt. */
    default void alertEmitted(AlertEvent alert, long latencyMillis) {
    }

    /** A condition triage did not raise because a network fault explains it. */
    default void suppressed() {
    }
}
