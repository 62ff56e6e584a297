package city.urbanops.ingestion.edge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;

/**
 * The payload bytes of PUBLISHes the MQTT edge is handling at once, over all connections: taken when an uplink
 * PUBLISH enters the interceptor and given back once its PUBACK is decided. Taking never waits: a PUBLISH that does
 * not fit is refused at once, so neither the heap nor HiveMQ's few extension threads are held by a swarm of large
 * batches. Its use is the gauge {@code urbanops.ingestion.inflight.bytes}.
 */
final class InFlightBudget {

    private final int capacity;
    private final Semaphore free;

    InFlightBudget(long capacity, MeterRegistry meters) {
        this.capacity = Math.toIntExact(capacity);
        this.free = new Semaphore(this.capacity);
        Gauge.builder("urbanops.ingestion.inflight.bytes", this, InFlightBudget::used)
                .description("Payload bytes of PUBLISHes between entering the MQTT edge's interceptor and their PUBACK")
                .baseUnit("bytes")
                .register(meters);
    }

    /** Takes {@code bytes} if they fit, without waiting; true if they were taken. */
    boolean tryTake(int bytes) {
        return free.tryAcquire(bytes);
    }

    void giveBack(int bytes) {
        free.release(bytes);
    }

    int used() {
        return capacity - free.availablePermits();
    }
}
