package city.urbanops.alerting.routing;

import city.urbanops.security.problem.FieldProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks a policy, a schedule or an override passes before it is stored, each failure naming the field as the
 * request spells it ({@code escalation[1].after}). Whether a referenced schedule exists is asked of the caller.
 */
final class RoutingValidation {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    static final Duration MAX_GROUP_WAIT = Duration.ofHours(1);
    static final Duration MAX_ESCALATION_STEP = Duration.ofDays(1);
    static final Duration MAX_OVERRIDE = Duration.ofDays(90);
    static final int MAX_PEOPLE = 100;
    static final int MAX_WEBHOOKS = 20;
    static final int MAX_ROTATIONS = 10;

    private final List<FieldProblem> problems = new ArrayList<>();
    private final Predicate<String> scheduleExists;

    private RoutingValidation(Predicate<String> scheduleExists) {
        this.scheduleExists = scheduleExists;
    }

    static List<FieldProblem> ofPolicy(RoutingPolicy policy, int maxLevels, Predicate<String> scheduleExists) {
        var v = new RoutingValidation(scheduleExists);
        v.id("id", policy.id());
        if (RoutingProperties.Fallback.POLICY_ID.equals(policy.id())) {
            v.problem("id", "'fallback' is the configured fallback route's id");
        }
        v.text("name", policy.name(), 200);
        if (policy.priority() < 0 || policy.priority() > 1_000_000) {
            v.problem("priority", "must be between 0 and 1000000");
        }
        for (int i = 0; i < policy.match().timeWindows().size(); i++) {
            v.window("match.timeWindows[" + i + "]", policy.match().timeWindows().get(i));
        }
        v.audience("", policy.scheduleId(), policy.users(), policy.webhookEndpointIds());
        if (policy.groupWait() == null || policy.groupWait().isNegative() || policy.groupWait().compareTo(MAX_GROUP_WAIT) > 0) {
            v.problem("groupWait", "must be an ISO-8601 duration between PT0S and " + MAX_GROUP_WAIT);
        }
        if (policy.escalation().size() > maxLevels) {
            v.problem("escalation", "at most " + maxLevels + " levels");
        }
        for (int i = 0; i < policy.escalation().size(); i++) {
            var level = policy.escalation().get(i);
            var field = "escalation[" + i + "].";
            if (level.after() == null || !level.after().isPositive() || level.after().compareTo(MAX_ESCALATION_STEP) > 0) {
                v.problem(field + "after", "must be an ISO-8601 duration above PT0S and at most " + MAX_ESCALATION_STEP);
            }
            v.audience(field, level.scheduleId(), level.users(), level.webhookEndpointIds());
        }
        return v.problems;
    }

    static List<FieldProblem> ofSchedule(OnCallSchedule schedule) {
        var v = new RoutingValidation(id -> true);
        v.id("id", schedule.id());
        v.text("name", schedule.name(), 200);
        v.zone("timeZone", schedule.timeZone());
        if (schedule.rotations().isEmpty() || schedule.rotations().size() > MAX_ROTATIONS) {
            v.problem("rotations", "must list 1 to " + MAX_ROTATIONS + " rotations");
        }
        for (int i = 0; i < schedule.rotations().size(); i++) {
            v.rotation("rotations[" + i + "].", schedule.rotations().get(i));
        }
        return v.problems;
    }

    static List<FieldProblem> ofOverride(OnCallOverride override) {
        var v = new RoutingValidation(id -> true);
        v.person("person", override.person());
        if (override.startsAt() == null) {
            v.problem("startsAt", "is required");
        }
        if (override.endsAt() == null) {
            v.problem("endsAt", "is required");
        } else if (override.startsAt() != null) {
            if (!override.endsAt().isAfter(override.startsAt())) {
                v.problem("endsAt", "must be after startsAt");
            } else if (Duration.between(override.startsAt(), override.endsAt()).compareTo(MAX_OVERRIDE) > 0) {
                v.problem("endsAt", "an override lasts at most " + MAX_OVERRIDE.toDays() + " days");
            }
        }
        return v.problems;
    }

    private void rotation(String field, Rotation rotation) {
        text(field + "name", rotation.name(), 200);
        if (rotation.start() == null) {
            problem(field + "start", "is required (local date-time in the schedule's zone, e.g. 2026-03-23T08:00)");
        }
        if (rotation.rrule() == null || rotation.rrule().isBlank()) {
            problem(field + "rrule", "is required (an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO)");
        } else {
            try {
                var frequency = rotation.recurrence().getFrequency().name();
                if (!Rotation.ALLOWED_FREQUENCIES.contains(frequency)) {
                    problem(field + "rrule", "FREQ must be one of " + Rotation.ALLOWED_FREQUENCIES);
                }
            } catch (RuntimeException e) {
                problem(field + "rrule", "is not an iCalendar recurrence rule: " + e.getMessage());
            }
        }
        if (rotation.people().isEmpty() || rotation.people().size() > MAX_PEOPLE) {
            problem(field + "people", "must list 1 to " + MAX_PEOPLE + " people");
        }
        for (int i = 0; i < rotation.people().size(); i++) {
            person(field + "people[" + i + "]", rotation.people().get(i));
        }
    }

    private void audience(String prefix, String scheduleId, List<Recipient> users, List<String> webhooks) {
        if (scheduleId == null && users.isEmpty() && webhooks.isEmpty()) {
            problem(prefix + "scheduleId", "name a schedule, users or webhookEndpointIds: somebody must hear of it");
        }
        if (scheduleId != null && !scheduleExists.test(scheduleId)) {
            problem(prefix + "scheduleId", "no schedule '" + scheduleId + "'");
        }
        if (users.size() > MAX_PEOPLE) {
            problem(prefix + "users", "at most " + MAX_PEOPLE + " users");
        }
        for (int i = 0; i < users.size(); i++) {
            person(prefix + "users[" + i + "]", users.get(i));
        }
        if (webhooks.size() > MAX_WEBHOOKS || webhooks.stream().anyMatch(w -> w == null || w.isBlank())) {
            problem(prefix + "webhookEndpointIds", "at most " + MAX_WEBHOOKS + " non-blank ids");
        }
    }

    private void window(String field, TimeWindow window) {
        zone(field + ".zone", window.zone());
        if (window.from() == null || window.to() == null) {
            problem(field, "from and to are required (local times, e.g. 22:00)");
        }
    }

    private void person(String field, Recipient person) {
        if (person == null) {
            problem(field, "is required");
            return;
        }
        text(field + ".userId", person.userId(), 200);
        text(field + ".displayName", person.displayName(), 200);
        if (person.email() == null || !person.email().matches("^[^@\\s]+@[^@\\s]+$") || person.email().length() > 320) {
            problem(field + ".email", "must be an email address");
        }
    }

    private void zone(String field, String zone) {
        try {
            if (zone == null) {
                problem(field, "is required (an IANA time zone such as Europe/Paris)");
            } else {
                ZoneId.of(zone);
            }
        } catch (DateTimeException e) {
            problem(field, "is not a time zone: " + zone);
        }
    }

    private void id(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            problem(field, "must be 2-63 lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    private void text(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            problem(field, "must be 1 to " + max + " characters");
        }
    }

    private void problem(String field, String reason) {
        problems.add(new FieldProblem(field, reason));
    }
}
