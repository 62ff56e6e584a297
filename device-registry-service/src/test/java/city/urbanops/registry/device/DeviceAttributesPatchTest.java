package city.urbanops.registry.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.events.registry.DeviceLifecycle;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DeviceAttributesPatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DeviceRow DEVICE = new DeviceRow("aq-1", "ext-1", DeviceKind.SENSOR, "air", "gw-1",
            DeviceLifecycle.ACTIVE, "environment", "north", "site-1", 47.0, 8.0, null, 3, Instant.EPOCH,
            Instant.EPOCH);

    @Test
    void aMemberSetsANullRemovesAndAnAbsentOneKeeps() {
        var applied = DeviceAttributesPatch.apply(DEVICE, JSON.readTree(
                "{\"latitude\": 47.5, \"siteId\": null}"));

        assertThat(applied.device().latitude()).isEqualTo(47.5);
        assertThat(applied.device().siteId()).isNull();
        assertThat(applied.device().longitude()).isEqualTo(8.0);
        assertThat(applied.changedFields()).containsExactly("siteId", "latitude");
    }

    @Test
    void settingTheSameValueChangesNothing() {
        assertThat(DeviceAttributesPatch.apply(DEVICE, JSON.readTree("{\"latitude\": 47.0}")).changedFields())
                .isEmpty();
    }

    @Test
    void unknownMembersRequiredRemovalsAndBadValuesAreEachNamed() {
        assertThatThrownBy(() -> DeviceAttributesPatch.apply(DEVICE, JSON.readTree(
                "{\"lifecycle\": \"REVOKED\", \"department\": null, \"longitude\": 200, \"gatewayId\": 5}")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::field)
                        .containsExactlyInAnyOrder("lifecycle", "department", "longitude", "gatewayId"));
    }

    @Test
    void aBodyThatIsNoObjectIsRefused() {
        assertThatThrownBy(() -> DeviceAttributesPatch.apply(DEVICE, JSON.readTree("[1]")))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.problems().getFirst().field()).isEqualTo("body"));
    }
}
