package city.urbanops.rules.management;

import java.util.Locale;

/** What a change in the audit trail did; each owns its metric tag. */
enum RuleAction {
    CREATED, VERSION_ADDED, ENABLED, DISABLED, ROLLED_BACK;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
