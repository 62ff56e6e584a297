package city.urbanops.registry.lifecycle;

import static city.urbanops.events.registry.DeviceLifecycle.ACTIVE;
import static city.urbanops.events.registry.DeviceLifecycle.DECOMMISSIONED;
import static city.urbanops.events.registry.DeviceLifecycle.PROVISIONED;
import static city.urbanops.events.registry.DeviceLifecycle.REVOKED;
import static city.urbanops.events.registry.DeviceLifecycle.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.registry.device.HistoryAction;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTest {

    @Test
    void revokedAndDecommissionedNeverLeadBackToActive() {
        assertThat(LifecyclePolicy.check(REVOKED, ACTIVE)).isPresent();
        assertThat(LifecyclePolicy.check(DECOMMISSIONED, ACTIVE)).isPresent();
        assertThat(LifecyclePolicy.allowedFrom(DECOMMISSIONED)).isEmpty();
    }

    @Test
    void theDocumentedTransitionsAndNoOthersAreAllowed() {
        int allowed = 0;
        for (DeviceLifecycle from : DeviceLifecycle.values()) {
            for (DeviceLifecycle to : DeviceLifecycle.values()) {
                if (LifecyclePolicy.check(from, to).isEmpty()) {
                    allowed++;
                }
            }
        }
        assertThat(allowed).isEqualTo(8);
        assertThat(LifecyclePolicy.check(PROVISIONED, ACTIVE)).isEmpty();
        assertThat(LifecyclePolicy.check(ACTIVE, SUSPENDED)).isEmpty();
        assertThat(LifecyclePolicy.check(SUSPENDED, ACTIVE)).isEmpty();
        assertThat(LifecyclePolicy.check(ACTIVE, REVOKED)).isEmpty();
        assertThat(LifecyclePolicy.check(SUSPENDED, REVOKED)).isEmpty();
        assertThat(LifecyclePolicy.check(PROVISIONED, DECOMMISSIONED)).isEmpty();
        assertThat(LifecyclePolicy.check(SUSPENDED, DECOMMISSIONED)).isEmpty();
        assertThat(LifecyclePolicy.check(REVOKED, DECOMMISSIONED)).isEmpty();
    }

    @Test
    void aRefusalNamesBothEndsAndWhereTheDeviceMayGo() {
        var refusal = LifecyclePolicy.check(PROVISIONED, REVOKED).orElseThrow();

        assertThat(refusal.from()).isEqualTo(PROVISIONED);
        assertThat(refusal.to()).isEqualTo(REVOKED);
        assertThat(refusal.allowed()).containsExactly(ACTIVE, DECOMMISSIONED);
        assertThat(refusal.detail()).contains("PROVISIONED", "REVOKED", "ACTIVE");
    }

    @Test
    void resumingIsNamedApartFromTheFirstActivation() {
        assertThat(LifecyclePolicy.action(PROVISIONED, ACTIVE)).isEqualTo(HistoryAction.ACTIVATED);
        assertThat(LifecyclePolicy.action(SUSPENDED, ACTIVE)).isEqualTo(HistoryAction.RESUMED);
    }
}
