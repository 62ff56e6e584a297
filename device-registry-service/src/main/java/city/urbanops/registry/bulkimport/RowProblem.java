package city.urbanops.registry.bulkimport;

/**
 * One problem of one bad row: the CSV line (the header is line 1) or the JSON array index, the offending field (or
 * {@code row} for the row as a whole) and why.
 */
record RowProblem(long line, String field, String reason) {

    static final String WHOLE_ROW = "row";
}
