package city.urbanops.registry.bulkimport;

import java.util.List;
import java.util.Map;

/**
 * One row as read from the file, before validation: its CSV line or JSON index, the values it gives (blank values
 * absent) and what was wrong with its shape (an unknown member, a value of the wrong JSON type, a wrong column count).
 */
record RawRow(long line, Map<ImportField, String> values, List<RowProblem> shapeProblems) {

    RawRow {
        values = Map.copyOf(values);
        shapeProblems = List.copyOf(shapeProblems);
    }

    String value(ImportField field) {
        return values.get(field);
    }
}
