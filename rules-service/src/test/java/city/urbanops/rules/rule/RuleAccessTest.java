package city.urbanops.rules.rule;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.security.AccessScope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who sees and who may change a rule, by the departments and districts of its scope. */
class RuleAccessTest {

    private static final AccessScope NORTH_WATER = new AccessScope(Set.of("water"), Set.of("north"));
    private static final AccessScope TRANSPORT_EVERYWHERE = new AccessScope(Set.of("transport"), Set.of("*"));
    private static final AccessScope NOTHING = new AccessScope(Set.of(), Set.of());

    @Test
    void aRuleWithinTheCallersDepartmentsAndDistrictsIsSeenAndChangeable() {
        var rule = scope(List.of("water"), List.of("north"));

        assertThat(RuleAccess.sees(NORTH_WATER, rule)).isTrue();
        assertThat(RuleAccess.covers(NORTH_WATER, rule)).isTrue();
        assertThat(RuleAccess.covers(AccessScope.unrestricted(), rule)).isTrue();
    }

    @Test
    void aRuleThatOnlyPartlyOverlapsIsSeenButNotChangeable() {
        var rule = scope(List.of("water", "transport"), List.of("north"));

        assertThat(RuleAccess.sees(NORTH_WATER, rule)).isTrue();
        assertThat(RuleAccess.covers(NORTH_WATER, rule)).isFalse();
    }

    @Test
    void aCityWideRuleIsSeenByEveryScopeButChangedOnlyWithEveryDepartmentAndDistrict() {
        var cityWide = scope(List.of(), List.of());

        assertThat(RuleAccess.sees(NORTH_WATER, cityWide)).isTrue();
        assertThat(RuleAccess.covers(NORTH_WATER, cityWide)).isFalse();
        assertThat(RuleAccess.covers(TRANSPORT_EVERYWHERE, scope(List.of("transport"), List.of()))).isTrue();
        assertThat(RuleAccess.covers(TRANSPORT_EVERYWHERE, cityWide)).isFalse();
        assertThat(RuleAccess.covers(AccessScope.unrestricted(), cityWide)).isTrue();
    }

    @Test
    void aRuleOfAnotherDepartmentOrDistrictIsNotSeen() {
        assertThat(RuleAccess.sees(NORTH_WATER, scope(List.of("transport"), List.of()))).isFalse();
        assertThat(RuleAccess.sees(NORTH_WATER, scope(List.of("water"), List.of("south")))).isFalse();
        assertThat(RuleAccess.sees(TRANSPORT_EVERYWHERE, scope(List.of("transport"), List.of("south")))).isTrue();
    }

    @Test
    void aTokenWithoutScopeClaimsSeesAndChangesNothing() {
        assertThat(RuleAccess.sees(NOTHING, scope(List.of(), List.of()))).isFalse();
        assertThat(RuleAccess.covers(NOTHING, scope(List.of("water"), List.of("north")))).isFalse();
    }

    private static Scope scope(List<String> departments, List<String> districts) {
        return new Scope(null, departments, districts, null, null);
    }
}
