package city.urbanops.ingestion.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.events.EventClass;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventClassifierTest {

    @Test
    void aSingleMeasurementClassDecides() {
        assertThat(EventClassifier.classify(Set.of(EventClass.ENVIRONMENTAL)))
                .isEqualTo(EventClass.ENVIRONMENTAL);
    }

    @Test
    void failureOutranksEveryOtherClass() {
        assertThat(EventClassifier.classify(EnumSet.allOf(EventClass.class))).isEqualTo(EventClass.FAILURE);
    }

    @Test
    void stateOutranksMobilityAndEnvironmental() {
        assertThat(EventClassifier.classify(
                Set.of(EventClass.ENVIRONMENTAL, EventClass.MOBILITY, EventClass.STATE))).isEqualTo(EventClass.STATE);
    }

    @Test
    void mobilityOutranksEnvironmental() {
        assertThat(EventClassifier.classify(Set.of(EventClass.ENVIRONMENTAL, EventClass.MOBILITY)))
                .isEqualTo(EventClass.MOBILITY);
    }

    @Test
    void aReadingWithoutMeasurementsHasNoClass() {
        assertThatThrownBy(() -> EventClassifier.classify(Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheFourClassNamesAreValidHints() {
        assertThat(EventClassifier.parseHint("FAILURE")).contains(EventClass.FAILURE);
        assertThat(EventClassifier.parseHint("failure")).isEmpty();
        assertThat(EventClassifier.parseHint("WEATHER")).isEmpty();
    }
}
