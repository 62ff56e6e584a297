package city.urbanops.security.problem;

/** One offending field or parameter of a rejected request, listed under {@code errors} in a 400 problem. */
public record FieldProblem(String field, String reason) {
}
