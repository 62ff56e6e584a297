package city.urbanops.registry.reference;

import city.urbanops.security.problem.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a district boundary is a GeoJSON (RFC 7946) Polygon or MultiPolygon the console can draw: every ring
 * closed, at least four positions, longitude and latitude inside WGS 84's ranges. Written here rather than taken from a
 * geometry library because what the API owes the caller is the JSON path of the first offending value, which a
 * parser's exception does not give; topology (self-intersection) is not checked.
 */
public final class GeoJsonBoundary {

    /** The most positions one boundary may hold, so one request cannot store megabytes of geometry. */
    public static final int MAX_POSITIONS = 100_000;

    private GeoJsonBoundary() {
    }

    /** The problems of {@code boundary} under the field name {@code field}; empty when it is valid. */
    public static List<FieldProblem> problems(String field, JsonNode boundary) {
        List<FieldProblem> problems = new ArrayList<>();
        if (boundary == null || boundary.isNull() || boundary.isMissingNode()) {
            problems.add(new FieldProblem(field, "is required"));
            return problems;
        }
        if (!boundary.isObject()) {
            problems.add(new FieldProblem(field, "must be a GeoJSON Polygon or MultiPolygon object"));
            return problems;
        }
        JsonNode type = boundary.get("type");
        JsonNode coordinates = boundary.get("coordinates");
        String typeName = type != null && type.isString() ? type.asString() : null;
        if (!"Polygon".equals(typeName) && !"MultiPolygon".equals(typeName)) {
            problems.add(new FieldProblem(field + ".type", "must be Polygon or MultiPolygon"));
            return problems;
        }
        if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
            problems.add(new FieldProblem(field + ".coordinates", "must be a non-empty array"));
            return problems;
        }
        int[] positions = {0};
        if ("Polygon".equals(typeName)) {
            polygon(field + ".coordinates", coordinates, problems, positions);
        } else {
            for (int p = 0; p < coordinates.size() && problems.isEmpty(); p++) {
                polygon(field + ".coordinates[" + p + "]", coordinates.get(p), problems, positions);
            }
        }
        return problems;
    }

    private static void polygon(String path, JsonNode rings, List<FieldProblem> problems, int[] positions) {
        if (!rings.isArray() || rings.isEmpty()) {
            problems.add(new FieldProblem(path, "must be a non-empty array of linear rings"));
            return;
        }
        for (int r = 0; r < rings.size() && problems.isEmpty(); r++) {
            ring(path + "[" + r + "]", rings.get(r), problems, positions);
        }
    }

    private static void ring(String path, JsonNode ring, List<FieldProblem> problems, int[] positions) {
        if (!ring.isArray() || ring.size() < 4) {
            problems.add(new FieldProblem(path, "must be a linear ring of at least 4 positions"));
            return;
        }
        positions[0] += ring.size();
        if (positions[0] > MAX_POSITIONS) {
            problems.add(new FieldProblem(path, "takes the boundary over " + MAX_POSITIONS + " positions"));
            return;
        }
        for (int i = 0; i < ring.size(); i++) {
            String problem = positionProblem(ring.get(i));
            if (problem != null) {
                problems.add(new FieldProblem(path + "[" + i + "]", problem));
                return;
            }
        }
        JsonNode first = ring.get(0);
        JsonNode last = ring.get(ring.size() - 1);
        if (first.get(0).doubleValue() != last.get(0).doubleValue()
                || first.get(1).doubleValue() != last.get(1).doubleValue()) {
            problems.add(new FieldProblem(path, "is not closed: its last position must equal its first"));
        }
    }

    private static String positionProblem(JsonNode position) {
        if (!position.isArray() || position.size() < 2 || position.size() > 3) {
            return "must be a position [longitude, latitude] (optionally with altitude)";
        }
        for (JsonNode ordinate : position) {
            if (!ordinate.isNumber() || !Double.isFinite(ordinate.doubleValue())) {
                return "must hold numbers only";
            }
        }
        double longitude = position.get(0).doubleValue();
        double latitude = position.get(1).doubleValue();
        if (longitude < -180 || longitude > 180) {
            return "has longitude " + longitude + " outside [-180, 180]";
        }
        if (latitude < -90 || latitude > 90) {
            return "has latitude " + latitude + " outside [-90, 90]";
        }
        return null;
    }
}
