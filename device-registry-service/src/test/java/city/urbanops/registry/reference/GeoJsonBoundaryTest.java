package city.urbanops.registry.reference;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.security.problem.FieldProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GeoJsonBoundaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void closedPolygonWithAHoleIsValid() {
        assertThat(problems("""
                {"type":"Polygon","coordinates":[
                  [[0,0],[10,0],[10,10],[0,10],[0,0]],
                  [[2,2],[3,2],[3,3],[2,2]]]}""")).isEmpty();
    }

    @Test
    void multiPolygonNamesThePolygonRingAndPositionAtFault() {
        assertThat(problems("""
                {"type":"MultiPolygon","coordinates":[
                  [[[0,0],[1,0],[1,1],[0,0]]],
                  [[[0,0],[1,0],[1,91],[0,0]]]]}"""))
                .extracting(FieldProblem::field).containsExactly("b.coordinates[1][0][2]");
    }

    @Test
    void ringOfThreePositionsIsRefused() {
        assertThat(problems("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}"))
                .extracting(FieldProblem::reason).containsExactly("must be a linear ring of at least 4 positions");
    }

    @Test
    void openRingIsRefused() {
        assertThat(problems("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}"))
                .extracting(FieldProblem::reason).first().asString().contains("not closed");
    }

    @Test
    void longitudeOutOfRangeAndNonNumbersAreRefused() {
        assertThat(problems("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[-180.5,0],[1,1],[0,0]]]}"))
                .extracting(FieldProblem::field).containsExactly("b.coordinates[0][1]");
        assertThat(problems("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[\"1\",0],[1,1],[0,0]]]}"))
                .extracting(FieldProblem::reason).containsExactly("must hold numbers only");
    }

    @Test
    void otherGeometriesAndMissingCoordinatesAreRefused() {
        assertThat(problems("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}"))
                .extracting(FieldProblem::field).containsExactly("b.type");
        assertThat(problems("{\"type\":\"Polygon\"}")).extracting(FieldProblem::field)
                .containsExactly("b.coordinates");
        assertThat(GeoJsonBoundary.problems("b", null)).extracting(FieldProblem::reason).containsExactly("is required");
    }

    @Test
    void boundaryBeyondThePositionBoundIsRefused() {
        StringBuilder ring = new StringBuilder("[[0,0]");
        for (int i = 1; i < GeoJsonBoundary.MAX_POSITIONS; i++) {
            ring.append(",[").append(i % 90).append(",1]");
        }
        ring.append(",[0,0]]");

        assertThat(problems("{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}"))
                .extracting(FieldProblem::reason).first().asString().contains("over 100000 positions");
    }

    private static java.util.List<FieldProblem> problems(String json) {
        JsonNode node = JSON.readTree(json);
        return GeoJsonBoundary.problems("b", node);
    }
}
