package city.urbanops.rules.management;

import city.urbanops.rules.management.RuleChangeOutcome.Changed;
import city.urbanops.rules.management.RuleChangeOutcome.Refusal;
import city.urbanops.rules.management.RuleChangeOutcome.Refused;
import city.urbanops.rules.management.RuleRows.RuleRow;
import city.urbanops.rules.audit.AuditLog;
import city.urbanops.rules.registry.RegistryVocabulary;
import city.urbanops.rules.rule.RuleAccess;
import city.urbanops.rules.rule.RuleDocument;
import city.urbanops.rules.rule.RuleRelease;
import city.urbanops.rules.rule.RuleValidation;
import city.urbanops.rules.rule.RuleValidation.FieldError;
import city.urbanops.rules.rule.Scope;
import city.urbanops.security.AccessScope;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every change to a rule: creating it, adding a version, enabling a version (a rollback when it is older than the one
 * in force), rolling back to the version in force before, disabling. Each runs in one transaction that locks the rule,
 * appends to the audit trail and, when the version in force changes, queues the release (or tombstone) for the rules
 * topic; after commit the relay is nudged and the change counted.
 */
class ChangingRules {

    /** Who asks: the token's name and scope. */
    record Caller(String name, AccessScope scope) {
    }

    private final RuleRepository rules;
    private final RuleReleaseOutbox outbox;
    private final RuleDocumentCodec documents;
    private final RegistryVocabulary vocabulary;
    private final TransactionTemplate transactions;
    private final RuleMetrics metrics;
    private final Runnable nudgeRelay;
    private final int maxVersions;
    private final Clock clock;
    private final AuditLog audit;

    ChangingRules(RuleRepository rules, RuleReleaseOutbox outbox, RuleDocumentCodec documents,
                  RegistryVocabulary vocabulary, TransactionTemplate transactions, RuleMetrics metrics,
                  Runnable nudgeRelay, int maxVersions, Clock clock, AuditLog audit) {
        this.audit = audit;
        this.rules = rules;
        this.outbox = outbox;
        this.documents = documents;
        this.vocabulary = vocabulary;
        this.transactions = transactions;
        this.metrics = metrics;
        this.nudgeRelay = nudgeRelay;
        this.maxVersions = maxVersions;
        this.clock = clock;
    }

    /** A new rule with {@code rule} as version 1, not enabled. */
    RuleChangeOutcome create(String id, String reason, JsonNode rule, Caller caller) {
        var checked = check(rule);
        if (checked instanceof Rejected(Refused refusal)) {
            return refusal;
        }
        var document = ((Accepted) checked).document();
        if (!RuleAccess.covers(caller.scope(), document.scope())) {
            return outOfScope(document.scope());
        }
        return inTransaction(() -> {
            Instant now = clock.instant();
            if (!rules.insertRule(id, caller.name(), now)) {
                return new Refused(Refusal.DUPLICATE, "A rule with id '" + id + "' exists already.");
            }
            rules.insertVersion(id, 1, documents.text(rule), caller.name(), now, reason);
            long seq = rules.appendChange(id, 1, RuleAction.CREATED, caller.name(), reason, now);
            audited(seq, id, "rule.created", caller, now, document.scope(), Map.of("version", "1", "reason", reason));
            afterCommit(RuleAction.CREATED, false);
            return new Changed(rules.find(id).orElseThrow(), true);
        });
    }

    /** Version latest + 1 of an existing rule, not enabled. */
    RuleChangeOutcome addVersion(String id, String reason, JsonNode rule, Caller caller) {
        var checked = check(rule);
        if (checked instanceof Rejected(Refused refusal)) {
            return refusal;
        }
        var document = ((Accepted) checked).document();
        return inTransaction(() -> changeable(id, caller).map(current -> {
            if (!RuleAccess.covers(caller.scope(), document.scope())) {
                return outOfScope(document.scope());
            }
            if (current.latestVersion() >= maxVersions) {
                return new Refused(Refusal.CONFLICT, "Rule '" + id + "' has " + current.latestVersion()
                        + " versions, the most one rule may have; create a new rule instead.");
            }
            Instant now = clock.instant();
            int next = current.latestVersion() + 1;
            rules.insertVersion(id, next, documents.text(rule), caller.name(), now, reason);
            rules.setLatest(id, next);
            long seq = rules.appendChange(id, next, RuleAction.VERSION_ADDED, caller.name(), reason, now);
            audited(seq, id, "rule.version-saved", caller, now, document.scope(),
                    Map.of("version", String.valueOf(next), "reason", reason));
            afterCommit(RuleAction.VERSION_ADDED, false);
            return (RuleChangeOutcome) new Changed(rules.find(id).orElseThrow(), true);
        }).orElseGet(() -> notFound(id)));
    }

    /** Puts {@code version} in force; recorded as a rollback when it is older than the version in force. */
    RuleChangeOutcome enable(String id, int version, String reason, Caller caller) {
        return inTransaction(() -> changeable(id, caller)
                .map(current -> switchTo(current, version, reason, caller,
                        current.enabled() && version < current.enabledVersion() ? RuleAction.ROLLED_BACK
                                : RuleAction.ENABLED))
                .orElseGet(() -> notFound(id)));
    }

    /** Puts back in force the version that was in force before the current one. */
    RuleChangeOutcome rollback(String id, String reason, Caller caller) {
        return inTransaction(() -> changeable(id, caller).map(current -> {
            if (!current.enabled()) {
                return new Refused(Refusal.CONFLICT, "Rule '" + id + "' is disabled: there is no version in force "
                        + "to roll back from; enable a version instead.");
            }
            return rules.enabledBefore(id, current.enabledVersion())
                    .map(previous -> switchTo(current, previous, reason, caller, RuleAction.ROLLED_BACK))
                    .orElseGet(() -> new Refused(Refusal.CONFLICT, "Rule '" + id + "' has had no version in force "
                            + "other than version " + current.enabledVersion() + ": nothing to roll back to."));
        }).orElseGet(() -> notFound(id)));
    }

    /** Takes the rule out of evaluation: no version in force, a tombstone on the rules topic. */
    RuleChangeOutcome disable(String id, String reason, Caller caller) {
        return inTransaction(() -> changeable(id, caller).map(current -> {
            if (!current.enabled()) {
                return new Refused(Refusal.CONFLICT, "Rule '" + id + "' is not enabled.");
            }
            Instant now = clock.instant();
            rules.clearEnabled(id);
            long seq = rules.appendChange(id, current.enabledVersion(), RuleAction.DISABLED, caller.name(), reason,
                    now);
            audited(seq, id, "rule.disabled", caller, now, documents.read(rules.version(id, current.enabledVersion())
                    .orElseThrow().document()).scope(), Map.of("version", String.valueOf(current.enabledVersion()),
                    "reason", reason));
            outbox.tombstone(id, now);
            afterCommit(RuleAction.DISABLED, true);
            return (RuleChangeOutcome) new Changed(rules.find(id).orElseThrow(), true);
        }).orElseGet(() -> notFound(id)));
    }

    private RuleChangeOutcome switchTo(RuleRow current, int version, String reason, Caller caller,
                                       RuleAction action) {
        var stored = rules.version(current.id(), version);
        if (stored.isEmpty()) {
            return new Refused(Refusal.INVALID_REQUEST, "Rule '" + current.id() + "' has no version " + version + ".",
                    List.of(new FieldError("version", "must be a version of the rule (1.." + current.latestVersion()
                            + ")")));
        }
        if (current.enabled() && current.enabledVersion() == version) {
            return new Changed(current, false);
        }
        // The registry may have changed since the version was written: what it names must still exist.
        var checked = check(documents.tree(stored.get().document()));
        if (checked instanceof Rejected(Refused refusal)) {
            return refusal;
        }
        RuleDocument document = ((Accepted) checked).document();
        if (!RuleAccess.covers(caller.scope(), document.scope())) {
            return outOfScope(document.scope());
        }
        Instant now = clock.instant();
        rules.setEnabled(current.id(), version, now, caller.name());
        long seq = rules.appendChange(current.id(), version, action, caller.name(), reason, now);
        var details = new LinkedHashMap<String, String>();
        if (action == RuleAction.ROLLED_BACK) {
            details.put("fromVersion", String.valueOf(current.enabledVersion()));
            details.put("toVersion", String.valueOf(version));
        } else {
            details.put("version", String.valueOf(version));
        }
        details.put("reason", reason);
        audited(seq, current.id(), action == RuleAction.ROLLED_BACK ? "rule.rolled-back" : "rule.enabled", caller, now,
                document.scope(), details);
        outbox.release(new RuleRelease(current.id(), version, document, now, caller.name()));
        afterCommit(action, true);
        return new Changed(rules.find(current.id()).orElseThrow(), true);
    }

    /**
     * The rule, locked, if the caller sees it (empty: 404); when its latest or enabled version reaches beyond the
     * caller's scope the change is refused (thrown out of the transaction, which rolls it back).
     */
    private Optional<RuleRow> changeable(String id, Caller caller) {
        var rule = rules.lock(id);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        var scopes = scopesOf(rule.get());
        if (scopes.stream().noneMatch(scope -> RuleAccess.sees(caller.scope(), scope))) {
            return Optional.empty();
        }
        scopes.stream().filter(scope -> !RuleAccess.covers(caller.scope(), scope)).findFirst().ifPresent(beyond -> {
            throw new RefusedInside(outOfScope(beyond));
        });
        return rule;
    }

    /**
     * Queues the change for the audit log, identified by its seq in the rule's audit trail. A rule's department or
     * district is named when its scope names exactly one; the whole scope is in the details.
     */
    private void audited(long seq, String ruleId, String action, Caller caller, Instant at, Scope scope,
                         Map<String, String> facts) {
        var details = new LinkedHashMap<>(facts);
        details.put("departments", scope.departments().isEmpty() ? "all" : String.join(",", scope.departments()));
        details.put("districts", scope.districts().isEmpty() ? "all" : String.join(",", scope.districts()));
        audit.record("rule:" + ruleId + ":change:" + seq, at, new AuditLog.Action(caller.name(), action, "rule", ruleId,
                only(scope.departments()), only(scope.districts()), details));
    }

    private static String only(List<String> names) {
        return names.size() == 1 ? names.getFirst() : null;
    }

    private List<Scope> scopesOf(RuleRow rule) {
        var latest = documents.read(rules.version(rule.id(), rule.latestVersion()).orElseThrow().document()).scope();
        if (!rule.enabled() || rule.enabledVersion() == rule.latestVersion()) {
            return List.of(latest);
        }
        return List.of(latest,
                documents.read(rules.version(rule.id(), rule.enabledVersion()).orElseThrow().document()).scope());
    }

    /**
     * A document checked against the schema and the registry vocabulary; the fields of its errors are paths from the
     * request body ({@code rule.condition.measurement}).
     */
    private Checked check(JsonNode rule) {
        if (!vocabulary.caughtUp()) {
            return new Rejected(new Refused(Refusal.VOCABULARY_LOADING,
                    "The registry's devices are still being read; rules can be checked in a moment."));
        }
        return switch (documents.validate(rule, vocabulary)) {
            case RuleValidation.Valid valid -> new Accepted(valid.document());
            case RuleValidation.Invalid invalid -> new Rejected(new Refused(Refusal.INVALID_RULE,
                    "The rule is not valid: " + invalid.errors().size() + " problem(s).", invalid.errors().stream()
                    .map(e -> new FieldError(e.field().isEmpty() ? "rule" : "rule." + e.field(), e.reason()))
                    .toList()));
        };
    }

    private sealed interface Checked {
    }

    private record Accepted(RuleDocument document) implements Checked {
    }

    private record Rejected(Refused refusal) implements Checked {
    }

    private RuleChangeOutcome inTransaction(Supplier<RuleChangeOutcome> change) {
        try {
            return transactions.execute(status -> {
                var outcome = change.get();
                if (outcome instanceof Refused) {
                    status.setRollbackOnly();
                }
                return outcome;
            });
        } catch (RefusedInside refused) {
            return refused.outcome;
        }
    }

    private void afterCommit(RuleAction action, boolean releaseQueued) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                metrics.changed(action);
                if (releaseQueued) {
                    nudgeRelay.run();
                }
            }
        });
    }

    private static Refused outOfScope(Scope scope) {
        return new Refused(Refusal.OUT_OF_SCOPE, "The rule's scope (departments " + named(scope.departments())
                + ", districts " + named(scope.districts()) + ") reaches beyond the departments and districts you "
                + "may change rules for.");
    }

    private static String named(List<String> names) {
        return names.isEmpty() ? "all" : String.valueOf(names);
    }

    private static Refused notFound(String id) {
        return new Refused(Refusal.NOT_FOUND, "No rule '" + id + "'.");
    }

    /** Carries a refusal found under the rule's lock out of the transaction, which it rolls back. */
    private static final class RefusedInside extends RuntimeException {
        private final Refused outcome;

        RefusedInside(Refused outcome) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
        }
    }
}
