package city.urbanops.rules.rule;

import java.util.List;

/** The verdict on a submitted rule document: a rule to keep, or the reasons it is refused, each naming its field. */
public sealed interface RuleValidation {

    record Valid(RuleDocument document) implements RuleValidation {
    }

    record Invalid(List<FieldError> errors) implements RuleValidation {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** {@code field} is a JSON path into the document ({@code condition.measurement}, {@code scope.districts[1]}). */
    record FieldError(String field, String reason) {
    }
}
