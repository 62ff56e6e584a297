package city.urbanops.operatorapi.command;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.command.CommandType;
import city.urbanops.operatorapi.command.CommandParameters.Checked;
import city.urbanops.security.problem.FieldProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandParametersTest {

    @Test
    void samplingIntervalTakesWholeSecondsFromFiveToADay() {
        assertThat(CommandParameters.check(CommandType.SET_SAMPLING_INTERVAL, Map.of("seconds", 5)))
                .isEqualTo(new Checked.Valid(Map.of("seconds", "5")));
        assertThat(CommandParameters.check(CommandType.SET_SAMPLING_INTERVAL, Map.of("seconds", "86400")))
                .isEqualTo(new Checked.Valid(Map.of("seconds", "86400")));
        assertThat(fields(CommandType.SET_SAMPLING_INTERVAL, Map.of("seconds", 86_401)))
                .containsExactly("parameters.seconds");
        assertThat(fields(CommandType.SET_SAMPLING_INTERVAL, Map.of("seconds", 7.5)))
                .containsExactly("parameters.seconds");
        assertThat(fields(CommandType.SET_SAMPLING_INTERVAL, Map.of())).containsExactly("parameters.seconds");
    }

    @Test
    void streetlightGroupNeedsANameAndOnOrOff() {
        assertThat(CommandParameters.check(CommandType.SWITCH_STREETLIGHT_GROUP,
                Map.of("group", " harbour ", "state", "OFF")))
                .isEqualTo(new Checked.Valid(Map.of("group", "harbour", "state", "OFF")));
        assertThat(fields(CommandType.SWITCH_STREETLIGHT_GROUP, Map.of("group", " ", "state", "DIM")))
                .containsExactly("parameters.group", "parameters.state");
        assertThat(fields(CommandType.SWITCH_STREETLIGHT_GROUP, Map.of("group", "g".repeat(65), "state", "ON")))
                .containsExactly("parameters.group");
    }

    @Test
    void aParameterTheTypeDoesNotTakeIsRefused() {
        assertThat(fields(CommandType.CLOSE_VALVE, Map.of("force", "yes"))).containsExactly("parameters.force");
        assertThat(CommandParameters.check(CommandType.OPEN_VALVE, null)).isEqualTo(new Checked.Valid(Map.of()));
    }

    private static List<String> fields(CommandType type, Map<String, ?> parameters) {
        return switch (CommandParameters.check(type, parameters)) {
            case Checked.Invalid(var problems) -> problems.stream().map(FieldProblem::field).toList();
            case Checked.Valid valid -> List.of();
        };
    }
}
