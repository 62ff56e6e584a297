package city.urbanops.operatorapi.queue;

import city.urbanops.security.problem.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Service;

/**
 * The exception queue: the open and acknowledged alerts a user may see, most urgent first. Order: OPEN before
 * ACKNOWLEDGED (nobody has taken it yet), then severity (critical first), then newest first within a severity.
 * Cause (incident, device, network) is shown but is not an ordering key: triage already weighs it into severity
 * (a network fault silencing a district can matter more than a single incident), and it would triple the calls.
 *
 * <p>The order is walked as eight phases (status × severity), each one filtered listing of alerting's, so a page of
 * the queue is one call to alerting (more only where a page spans the end of a phase, at most eight) and never one
 * call per alert; the cursor holds the phase and alerting's own cursor within it. Each page's devices' health comes
 * from ONE bulk lookup in the registry ({@link DeviceHealthLookup}); the neighbours are what triage's signals say,
 * not looked up per alert.
 */
@Service
public class ExceptionQueue {

    public static final int MAX_LIMIT = 200;
    public static final int DEFAULT_LIMIT = 50;

    static final List<String> STATUSES = List.of("OPEN", "ACKNOWLEDGED");
    static final List<String> SEVERITIES = List.of("CRITICAL", "MAJOR", "WARNING", "INFO");
    private static final int PHASES = STATUSES.size() * SEVERITIES.size();

    public record QueuePage(List<QueueItem> items, String nextCursor) {
    }

    record Position(int phase, String alertingCursor) {
    }

    private final AlertingAlerts alerting;
    private final DeviceHealthLookup health;

    ExceptionQueue(AlertingAlerts alerting, DeviceHealthLookup health) {
        this.alerting = alerting;
        this.health = health;
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
                    return withHealth(items, encode(new Position(phase, within)));
                }
            } else {
                phase++;
                within = null;
            }
        }
        return withHealth(items, phase < PHASES ? encode(new Position(phase, null)) : null);
    }

    /** The page's alerts with their devices' health: one registry call for the whole page, never one per alert. */
    private QueuePage withHealth(List<AlertSummary> alerts, String next) {
        Map<String, DeviceHealth> byDevice = health.healthOf(alerts.stream().map(AlertSummary::deviceId)
                .filter(Objects::nonNull).toList());
        return new QueuePage(alerts.stream().map(a -> QueueItem.of(a, a.deviceId() == null ? null
                : byDevice.get(a.deviceId()))).toList(), next);
    }

    /** One alert as a queue row (the live stream's and the row actions' answer): one registry call. */
    public QueueItem item(AlertSummary alert) {
        return QueueItem.of(alert, health.healthOf(alert.deviceId()));
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
