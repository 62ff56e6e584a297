package city.urbanops.rules.dryrun;

import city.urbanops.security.problem.FieldProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The range a dry run replays, {@code [from, to)}, and what makes one acceptable. */
record DryRunRange(Instant from, Instant to) {

    /**
     * What is wrong with this range, each naming its field: both given, {@code to} after {@code from}, at most
     * {@code maxRange} long, and not in the future (history does not exist yet, and a wall clock run ahead of it
     * would see every device as silent).
     */
    List<FieldProblem> problems(Duration maxRange, Instant now) {
        var problems = new ArrayList<FieldProblem>();
        if (from == null) {
            problems.add(new FieldProblem("from", "is required"));
        }
        if (to == null) {
            problems.add(new FieldProblem("to", "is required"));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        if (!to.isAfter(from)) {
            problems.add(new FieldProblem("to", "must be after 'from'"));
        } else if (Duration.between(from, to).compareTo(maxRange) > 0) {
            problems.add(new FieldProblem("to", "must be at most " + maxRange + " after 'from'"));
        } else if (to.isAfter(now)) {
            problems.add(new FieldProblem("to", "must not be in the future"));
        }
        return problems;
    }
}
