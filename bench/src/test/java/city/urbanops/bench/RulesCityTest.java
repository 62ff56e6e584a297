package city.urbanops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.rules.rule.Condition;
import city.urbanops.rules.rule.RuleRelease;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's city raises exactly what the bench triggers: every sensor sits in one slice rule, normal readings
 * stay on the safe side of every rule that covers them, and a trigger crosses its own rule's level and no other.
 */
class RulesCityTest {

    private final RulesCity city = RulesCity.plan("t", 2_000, 4, 200);
    private final Instant now = Instant.parse("2026-11-30T08:00:00Z");
    private final Map<String, RulesCity.Device> devices = byId(city);

    @Test
    void everySensorIsInExactlyOneSliceRuleAndEveryRuleIsScoped() {
        assertThat(city.rules()).hasSize(200).allSatisfy(rule -> {
            var scope = rule.document().scope();
            assertThat(scope.devices().isEmpty() && scope.deviceTypes().isEmpty() && scope.districts().isEmpty())
                    .as("%s applies to every device", rule.ruleId()).isFalse();
        });
        for (var gateway : city.gateways()) {
            for (var device : gateway.devices()) {
                var record = RulesCity.record(device, now);
                assertThat(city.rules().stream()
                        .filter(rule -> !rule.document().scope().devices().isEmpty())
                        .filter(rule -> rule.document().scope().covers(record))
                        .map(RuleRelease::ruleId))
                        .containsExactly(device.ruleId());
            }
        }
    }

    @Test
    void onlyATriggerReadingCrossesALevelAndOnlyItsOwnRulesAndTheNextReadingClearsIt() {
        var rules = city.rules();
        int triggers = 0;
        for (var gateway : city.gateways()) {
            var uplink = new RulesCity.Uplink(gateway);
            // Three rounds over the gateway's devices, a trigger in every batch at a moving position.
            for (int b = 0; b < 3 * gateway.devices().size() / 100; b++) {
                var batch = uplink.next(100, now.plusSeconds(b), b * 37 % 100);
                for (var reading : batch.uplink().readings()) {
                    var device = deviceOf(reading.deviceId());
                    var record = RulesCity.record(device, now);
                    boolean isTrigger = batch.triggered() == device;
                    for (var measurement : reading.measurements()) {
                        for (var rule : rules) {
                            if (rule.document().condition() instanceof Condition.Threshold threshold
                                    && threshold.measurement().equals(measurement.name())
                                    && rule.document().scope().covers(record)) {
                                boolean own = rule.ruleId().equals(device.ruleId());
                                assertThat(threshold.direction().beyond(measurement.value(), threshold.value()))
                                        .as("%s reads %s under %s", device.id(), measurement.value(), rule.ruleId())
                                        .isEqualTo(isTrigger && own);
                                if (own && !isTrigger) {
                                    assertThat(threshold.cleared(measurement.value())).isTrue();
                                }
                            }
                        }
                    }
                }
                triggers += batch.triggered() == null ? 0 : 1;
            }
        }
        assertThat(triggers).isEqualTo(4 * 3 * 5);
    }

    @Test
    void aTriggerIsNoFastRiseNorAnImpossibleJump() {
        for (var rule : city.rules()) {
            if (rule.document().condition() instanceof Condition.RateOfChange rate) {
                for (var device : devicesCoveredBy(rule)) {
                    double lowest = device.normal() - device.swing();
                    assertThat(device.trigger() - lowest).isLessThan(rate.change());
                }
            }
        }
    }

    @Test
    void batchesBuiltWithinOneMillisecondStillGiveEachDeviceALaterReading() {
        var uplink = new RulesCity.Uplink(city.gateways().getFirst());
        var first = uplink.next(500, now, -1).uplink();
        var second = uplink.next(500, now, -1).uplink();

        assertThat(second.sentAt()).isAfter(first.sentAt());
        assertThat(second.readings()).allSatisfy(reading -> assertThat(reading.time()).isAfter(first.sentAt()));
    }

    private RulesCity.Device deviceOf(String id) {
        return devices.get(id);
    }

    private List<RulesCity.Device> devicesCoveredBy(RuleRelease rule) {
        return devices.values().stream()
                .filter(device -> rule.document().scope().covers(RulesCity.record(device, now))).toList();
    }

    private static Map<String, RulesCity.Device> byId(RulesCity city) {
        var byId = new HashMap<String, RulesCity.Device>();
        city.gateways().forEach(gateway -> gateway.devices().forEach(device -> byId.put(device.id(), device)));
        return byId;
    }
}
