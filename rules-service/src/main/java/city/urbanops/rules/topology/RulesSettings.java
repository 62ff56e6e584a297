package city.urbanops.rules.topology;

import java.time.Duration;

/**
 * How the topology judges time and evidence; the same values drive live evaluation and the dry run.
 *
 * @param lateGrace           a condition that began and ended more than this before the wall clock is history, not
 *                            news: a gateway replaying its buffer after an outage raises nothing for it
 * @param absenceCheckEvery   how often (wall clock) silences are looked for
 * @param networkSettle       how long a gateway must stay offline, or its devices silent together, before it is one
 *                            network fault; absences of its devices wait as long before they are raised on their own
 * @param powerLossGateways   this many gateways of one district offline within {@code networkSettle} are one
 *                            district-wide network fault
 * @param silentShare         share (0..1] of a gateway's devices silent together that makes their silence the
 *                            gateway's fault
 * @param stuckReadings       identical numeric readings in a row that make a value stuck ...
 * @param stuckFor            ... when they also span at least this long
 * @param sampleEvery         a watched measurement's value is shared with triage at most this often per device
 * @param neighbourRadius     devices of the same type within this distance (metres) are neighbours
 * @param neighboursToConfirm this many neighbours in the same condition make it an incident
 * @param evidenceReadings    readings kept as an alert's evidence
 * @param promptCommit        how soon a commit follows a condition change or an alert (see {@link PromptCommit}); zero
 *                            leaves them to the commit interval
 */
public record RulesSettings(Duration lateGrace, Duration absenceCheckEvery, Duration networkSettle,
                            int powerLossGateways, double silentShare, int stuckReadings, Duration stuckFor,
                            Duration sampleEvery, double neighbourRadius, int neighboursToConfirm,
                            int evidenceReadings, Duration promptCommit) {

    public RulesSettings {
        if (promptCommit.isNegative()) {
            throw new IllegalArgumentException("promptCommit must not be negative, was " + promptCommit);
        }
    }

    public static RulesSettings defaults() {
        return new RulesSettings(Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 2, 0.8, 10,
                Duration.ofMinutes(30), Duration.ofMinutes(1), 1_000, 2, 5, Duration.ZERO);
    }
}
