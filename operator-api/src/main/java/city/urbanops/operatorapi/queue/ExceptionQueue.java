package city.urbanops.operatorapi.queue;

import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The exception queue: the open and acknowledged alerts a user may see, most urgent first. Order: OPEN before
 * ACKNOWLEDGED (nobody has taken it yet), then severity (critical first), then newest first within a severity.
 * Cause (incident, device, network) is shown but is not an ordering key: triage already weighs it into severity
 * (a network fault silencing a district can matter more than a single incident), and it would triple the calls.
 *
 * <p>The order is walked as eight phases (status × severity), each one filtered listing of alerting's, so a page of
 * the queue is one call to alerting (more only where a page spans the end of a phase, at most eight) and never one
 * call per alert; the cursor holds the phase and alerting's own cursor within it.
 */
@Service
public class ExceptionQueue {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    static final List<String> STATUSES = List.of("OPEN", "ACKNOWLEDGED");
    static final List<String> SEVERITIES = List.of("CRITICAL", "MAJOR", "WARNING", "INFO");
    private static final int PHASES = STATUSES.size() * SEVERITIES.size();

    public record QueuePage(List<AlertSummary> items, String nextCursor) {
    }

    record Position(int phase, String alertingCursor) {
    }

    private final AlertingAlerts alerting;

    ExceptionQueue(AlertingAlerts alerting) {
        this.alerting = alerting;
    }

    /** Up to {@code limit} alerts from {@code cursor} (null: the start). */
    public QueuePage page(String cursor, Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Position at = cursor == null || cursor.isBlank() ? new Position(0, null) : decode(cursor);
        List<AlertSummary> items = new ArrayList<>(size);
        int phase = at.phase();
        String within = at.alertingCursor();
        while (phase < PHASES && items.size() < size) {
            var page = alerting.list(STATUSES.get(phase / SEVERITIES.size()), SEVERITIES.get(phase % SEVERITIES.size()),
                    within, size - items.size());
            items.addAll(page.items());
            if (page.nextCursor() != null) {
                within = page.nextCursor();
                if (items.size() >= size) {
                    return new QueuePage(items, encode(new Position(phase, within)));
                }
            } else {
                phase++;
                within = null;
            }
        }
        return new QueuePage(items, phase < PHASES ? encode(new Position(phase, null)) : null);
    }

    static String encode(Position position) {
        String raw = position.phase() + ":" + (position.alertingCursor() == null ? "" : position.alertingCursor());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            int phase = Integer.parseInt(raw.substring(0, colon));
            String rest = raw.substring(colon + 1);
            if (phase < 0 || phase >= PHASES || rest.length() > 1024) {
                throw new IllegalArgumentException("out of range");
            }
            return new Position(phase, rest.isEmpty() ? null : rest);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor", "is not a cursor this queue gave out");
        }
    }
}
