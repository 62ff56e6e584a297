package city.urbanops.operatorapi.export;

/** More rows match an export than it may hold: the caller narrows the filters (the time range first). */
public final class ExportTooLarge extends RuntimeException {

    private final int maxRows;

    public ExportTooLarge(int maxRows) {
        super("More than " + maxRows + " rows match; narrow the time range or the filters.", null, false, false);
        this.maxRows = maxRows;
    }

    public int maxRows() {
        return maxRows;
    }
}
