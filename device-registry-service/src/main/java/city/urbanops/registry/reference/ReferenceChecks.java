package city.urbanops.registry.reference;

import city.urbanops.events.uplink.MeasurementCatalog;
import city.urbanops.security.problem.FieldProblem;
import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ProblemTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/** The checks reference data requests share: taken ids, boundaries, catalogue measurements. */
@Component
class ReferenceChecks {

    /** 409 naming {@code field} when {@code taken}. */
    void absent(String field, boolean taken, String value) {
        if (taken) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "'" + field + "' " + value + " is already taken.");
            problem.setType(ProblemTypes.of("duplicate"));
            problem.setTitle("Already taken");
            problem.setProperty("field", field);
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
    }

    /** 400 naming the first offending part of the boundary. */
    void boundary(JsonNode boundary) {
        List<FieldProblem> problems = GeoJsonBoundary.problems("boundary", boundary);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** 400 naming every measurement outside the catalogue or listed twice. */
    List<String> measurements(List<String> measurements) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < measurements.size(); i++) {
            String name = measurements.get(i);
            if (MeasurementCatalog.kindOf(name).isEmpty()) {
                problems.add(new FieldProblem("measurements[" + i + "]",
                        "'" + name + "' is not in the measurement catalogue"));
            } else if (!seen.add(name)) {
                problems.add(new FieldProblem("measurements[" + i + "]", "'" + name + "' is listed twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return measurements.stream().sorted().toList();
    }
}
