package city.urbanops.ingestion.edge;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap this JVM really holds: used heap read right after a full collection, so garbage not yet collected does
 * not count. Tests run ingestion in-process, so this is ingestion's heap plus the test's own small share.
 */
final class HeapAfterGc {

    private final AtomicLong peak = new AtomicLong();

    /** Collects, reads the used heap and remembers the largest figure seen. */
    long sample() {
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        return used;
    }

    long peak() {
        return peak.get();
    }

    static String megabytes(long bytes) {
        return String.format("%.0f MB", bytes / (1024.0 * 1024.0));
    }
}
