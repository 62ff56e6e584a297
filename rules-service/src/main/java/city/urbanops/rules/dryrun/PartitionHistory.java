package city.urbanops.rules.dryrun;

/** The records of one partition in the range, in offset order, fetched on demand. */
interface PartitionHistory {

    /** The next record, or null once the partition has nothing more in the range. */
    HistoryRecord next();
}
