package city.urbanops.registry.bulkimport;

/** Where an import job is: waiting for a worker, being run, or finished one way or the other. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
