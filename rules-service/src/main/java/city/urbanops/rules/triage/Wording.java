package city.urbanops.rules.triage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How explanations spell times, durations, distances and lists, so that every cause reads alike. */
final class Wording {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** How many names an explanation lists before it says "and N more". */
    static final int LISTED_NAMES = 10;

    private Wording() {
    }

    /** {@code 08:02} (UTC): explanations are read next to the alert's ISO instant, which is UTC too. */
    static String clock(Instant time) {
        return CLOCK.format(time);
    }

    /** {@code 20 s}, {@code 14 min}, {@code 2 h 5 min}. */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }

    /** {@code 800 m}, {@code 1 km}, {@code 1.5 km}. */
    static String distance(double metres) {
        if (metres < 1_000) {
            return Math.round(metres) + " m";
        }
        double km = Math.round(metres / 100.0) / 10.0;
        return (km == Math.rint(km) ? String.valueOf((long) km) : String.valueOf(km)) + " km";
    }

    /** A reading as people write it: no trailing zeros, at most three decimals. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value); // BigDecimal has no infinity; an explanation must not fail on one
        }
        var rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    /** {@code fl-2, fl-7, fl-9}, or the first {@link #LISTED_NAMES} and {@code and 12 more}. */
    static String names(List<String> names) {
        if (names.size() <= LISTED_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, LISTED_NAMES)) + " and " + (names.size() - LISTED_NAMES) + " more";
    }

    /** {@code 1 device}, {@code 500 devices}. */
    static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
