package city.urbanops.rules.dryrun;

import city.urbanops.rules.management.RuleCatalog;
import city.urbanops.rules.management.StoredVersion;
import city.urbanops.rules.rule.RuleRelease;
import java.util.Optional;

/**
 * The dry run's rule versions from rule management's catalog: any stored version, as it would be released
 * (released by its author when it was written: the topology reads neither field, the result does not show them).
 */
final class CatalogVersions implements RuleVersionLookup {

    private final RuleCatalog catalog;

    CatalogVersions(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Optional<RuleRelease> version(String ruleId, int version) {
        return catalog.version(ruleId, version).map(CatalogVersions::release);
    }

    @Override
    public Optional<RuleRelease> enabled(String ruleId) {
        return catalog.enabled(ruleId).map(CatalogVersions::release);
    }

    static RuleRelease release(StoredVersion stored) {
        return new RuleRelease(stored.ruleId(), stored.version(), stored.document(), stored.createdAt(),
                stored.author());
    }
}
