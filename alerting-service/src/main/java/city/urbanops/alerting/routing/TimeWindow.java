package city.urbanops.alerting.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * A local time-of-day window in a time zone, on some days of the week ({@code days} empty = every day). A window whose
 * {@code to} is not after {@code from} spans midnight: {@code 22:00-06:00} on FRIDAY covers Friday 22:00 to Saturday
 * 06:00, so the day is the day the window starts; {@code 00:00-00:00} is the whole day. {@code from} is inclusive,
 * {@code to} exclusive.
 */
public record TimeWindow(String zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public TimeWindow {
        days = days == null ? Set.of() : Set.copyOf(days);
    }

    /** Whether the instant, read as local time in this window's zone, falls inside it. */
    public boolean contains(Instant at) {
        var local = at.atZone(ZoneId.of(zone));
        var time = local.toLocalTime();
        var day = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return onDay(day) && !time.isBefore(from) && time.isBefore(to);
        }
        return (onDay(day) && !time.isBefore(from)) || (onDay(day.minus(1)) && time.isBefore(to));
    }

    private boolean onDay(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }
}
