package city.urbanops.alerting.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OnCallScheduleTest {

    static final Recipient ANNA = new Recipient("anna", "Anna Network", "anna@city.example");
    static final Recipient BRUNO = new Recipient("bruno", "Bruno Network", "bruno@city.example");
    static final Recipient CLARA = new Recipient("clara", "Clara Network", "clara@city.example");
    static final Recipient OTTO = new Recipient("otto", "Otto Override", "otto@city.example");

    /** Weekly handover, Monday 08:00 Paris, starting Monday 16 March 2026 (winter time) with Anna. */
    static final Rotation WEEKLY_MONDAY_8 = new Rotation("network primary", LocalDateTime.parse("2026-03-16T08:00"),
            "FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0;BYSECOND=0", List.of(ANNA, BRUNO, CLARA));

    private static OnCallSchedule paris(List<OnCallOverride> overrides) {
        return new OnCallSchedule("network", "Network team", "Europe/Paris", List.of(WEEKLY_MONDAY_8), overrides);
    }

    @Test
    void handsOverEveryMondayAtEightParisTime() {
        var schedule = paris(List.of());

        assertThat(schedule.onCallAt(Instant.parse("2026-03-16T07:00:00Z")).people()).as("start, 08:00 CET")
                .containsExactly(ANNA);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-23T06:59:59Z")).people()).containsExactly(ANNA);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-23T07:00:00Z")).people()).as("08:00 CET")
                .containsExactly(BRUNO);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-16T06:59:59Z")).people()).as("before the start")
                .isEmpty();
    }

    @Test
    void handoverStaysAtEightOnTheWallClockWhenSummerTimeBegins() {
        // Clocks go forward on Sunday 29 March 2026: Monday 30 March 08:00 in Paris is 06:00 UTC, not 07:00.
        var schedule = paris(List.of());

        assertThat(schedule.onCallAt(Instant.parse("2026-03-30T05:59:59Z")).people()).as("07:59:59 CEST")
                .containsExactly(BRUNO);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-30T06:00:00Z")).people()).as("08:00 CEST")
                .containsExactly(CLARA);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-30T06:30:00Z")).people()).containsExactly(CLARA);
    }

    @Test
    void handoverStaysAtEightOnTheWallClockWhenSummerTimeEnds() {
        // Clocks go back on Sunday 25 October 2026: Monday 26 October 08:00 in Paris is 07:00 UTC again.
        // From 16 March to 26 October there are 32 weekly handovers: 32 mod 3 = 2, so Clara takes over.
        var schedule = paris(List.of());

        assertThat(schedule.onCallAt(Instant.parse("2026-10-26T06:30:00Z")).people()).as("07:30 CET")
                .containsExactly(BRUNO);
        assertThat(schedule.onCallAt(Instant.parse("2026-10-26T07:00:00Z")).people()).as("08:00 CET")
                .containsExactly(CLARA);
    }

    @Test
    void overrideWinsOverTheRotationWhileItLasts() {
        var override = new OnCallOverride(UUID.randomUUID(), OTTO, Instant.parse("2026-03-24T18:00:00Z"),
                Instant.parse("2026-03-25T06:00:00Z"), "supervisor");
        var schedule = paris(List.of(override));

        var during = schedule.onCallAt(Instant.parse("2026-03-24T23:00:00Z"));
        assertThat(during.people()).containsExactly(OTTO);
        assertThat(during.overridden()).isTrue();
        assertThat(schedule.onCallAt(Instant.parse("2026-03-25T06:00:00Z")).people()).as("override end is exclusive")
                .containsExactly(BRUNO);
        assertThat(schedule.onCallAt(Instant.parse("2026-03-24T17:59:59Z")).people()).containsExactly(BRUNO);
    }

    @Test
    void severalRotationsPutOnePersonEachOnCall() {
        var secondary = new Rotation("network secondary", LocalDateTime.parse("2026-03-16T08:00"),
                "FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0;BYSECOND=0", List.of(OTTO, ANNA));
        var schedule = new OnCallSchedule("network", "Network team", "Europe/Paris",
                List.of(WEEKLY_MONDAY_8, secondary), List.of());

        // Tuesday 17 March 21:00 CET: primary Anna; secondary after handovers at 20:00 Mon, 08:00 Tue, 20:00 Tue = 3 → Anna.
        assertThat(schedule.onCallAt(Instant.parse("2026-03-17T20:00:00Z")).people()).containsExactly(ANNA);
        // Tuesday 17 March 10:00 CET: secondary after 2 handovers → Otto.
        assertThat(schedule.onCallAt(Instant.parse("2026-03-17T09:00:00Z")).people()).containsExactly(ANNA, OTTO);
    }
}
