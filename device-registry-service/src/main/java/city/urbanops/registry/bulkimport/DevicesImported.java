package city.urbanops.registry.bulkimport;

import java.time.Instant;
import java.util.UUID;

/**
 * A part of an import job committed devices, published inside that part's transaction so that a listener's writes
 * (the audit log's event) commit with it.
 *
 * @param jobId   the import job
 * @param actor   who submitted the job
 * @param created devices provisioned by this part
 * @param updated devices changed by this part
 */
public record DevicesImported(UUID jobId, String actor, long created, long updated, Instant at) {
}
