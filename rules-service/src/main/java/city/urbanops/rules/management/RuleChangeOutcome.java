package city.urbanops.rules.management;

import city.urbanops.rules.management.RuleRows.RuleRow;
import city.urbanops.rules.rule.RuleValidation.FieldError;
import java.util.List;

/** The verdict on a requested change: the rule as it is after the change, or why nothing changed. */
sealed interface RuleChangeOutcome {

    /** Committed (or nothing to do, {@code changed} false: the version asked for is already the one in force). */
    record Changed(RuleRow rule, boolean changed) implements RuleChangeOutcome {
    }

    /** Nothing was written; {@code errors} names the offending fields where there are any. */
    record Refused(Refusal refusal, String detail, List<FieldError> errors) implements RuleChangeOutcome {

        public Refused {
            errors = List.copyOf(errors);
        }

        Refused(Refusal refusal, String detail) {
            this(refusal, detail, List.of());
        }
    }

    /** Why a change was refused; the edge turns each into its status and problem type. */
    enum Refusal {
        /** No such rule, or none the caller may see. */
        NOT_FOUND,
        /** The id is taken. */
        DUPLICATE,
        /** The rule's state does not allow it (nothing to roll back to, not enabled, too many versions). */
        CONFLICT,
        /** The document fails the schema or names what the registry does not know. */
        INVALID_RULE,
        /** A request field is wrong in a way only the stored rules tell (a version that does not exist). */
        INVALID_REQUEST,
        /** The caller sees the rule but its scope reaches beyond theirs. */
        OUT_OF_SCOPE,
        /** The registry vocabulary is still loading: a document cannot be checked yet. */
        VOCABULARY_LOADING
    }
}
