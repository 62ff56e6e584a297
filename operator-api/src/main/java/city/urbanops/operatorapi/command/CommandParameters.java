package city.urbanops.operatorapi.command;

import city.urbanops.events.command.CommandType;
import city.urbanops.security.problem.FieldProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The strict check of a command's parameters against its type: every parameter the type takes, in its range, and
 * none it does not know. Problems name the field as {@code parameters.<name>}.
 */
final class CommandParameters {

    static final int MAX_GROUP_LENGTH = 64;

    private CommandParameters() {
    }

    /** The parameters as the gateway receives them (strings), or the problems found. */
    sealed interface Checked {
        record Valid(Map<String, String> parameters) implements Checked {
        }

        record Invalid(List<FieldProblem> problems) implements Checked {
        }
    }

    static Checked check(CommandType type, Map<String, ?> given) {
        Map<String, ?> raw = given == null ? Map.of() : given;
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> valid = new LinkedHashMap<>();
        for (String name : new TreeMap<>(raw).keySet()) {
            if (!type.parameterNames().contains(name)) {
                problems.add(new FieldProblem(field(name), "is not a parameter of " + type.name()
                        + (type.parameterNames().isEmpty() ? ", which takes none"
                        : " (it takes " + String.join(", ", new TreeMap<>(type.parameters()).keySet()) + ")")));
            }
        }
        switch (type) {
            case SET_SAMPLING_INTERVAL -> seconds(raw.get("seconds"), problems, valid);
            case SWITCH_STREETLIGHT_GROUP -> {
                group(raw.get("group"), problems, valid);
                state(raw.get("state"), problems, valid);
            }
            case CLOSE_VALVE, OPEN_VALVE -> { }
        }
        return problems.isEmpty() ? new Checked.Valid(valid) : new Checked.Invalid(problems);
    }

    private static void seconds(Object value, List<FieldProblem> problems, Map<String, String> valid) {
        Long seconds = switch (value) {
            case null -> null;
            case Integer i -> i.longValue();
            case Long l -> l;
            case Double d when d == Math.rint(d) && Math.abs(d) < 1e9 -> d.longValue();
            case BigDecimal d when d.stripTrailingZeros().scale() <= 0 -> d.longValue();
            case String s when s.strip().matches("\\d{1,9}") -> Long.parseLong(s.strip());
            default -> null;
        };
        if (value == null) {
            problems.add(new FieldProblem(field("seconds"), "is required: whole seconds between samples, 5..86400"));
        } else if (seconds == null) {
            problems.add(new FieldProblem(field("seconds"), "must be a whole number of seconds, 5..86400"));
        } else if (seconds < 5 || seconds > 86_400) {
            problems.add(new FieldProblem(field("seconds"), "must be between 5 and 86400 seconds"));
        } else {
            valid.put("seconds", Long.toString(seconds));
        }
    }

    private static void group(Object value, List<FieldProblem> problems, Map<String, String> valid) {
        if (!(value instanceof String group) || group.isBlank()) {
            problems.add(new FieldProblem(field("group"), "is required: the streetlight group's name"));
        } else if (group.strip().length() > MAX_GROUP_LENGTH) {
            problems.add(new FieldProblem(field("group"), "must be at most " + MAX_GROUP_LENGTH + " characters"));
        } else {
            valid.put("group", group.strip());
        }
    }

    private static void state(Object value, List<FieldProblem> problems, Map<String, String> valid) {
        if ("ON".equals(value) || "OFF".equals(value)) {
            valid.put("state", (String) value);
        } else {
            problems.add(new FieldProblem(field("state"), "must be ON or OFF"));
        }
    }

    private static String field(String name) {
        return "parameters." + name;
    }
}
