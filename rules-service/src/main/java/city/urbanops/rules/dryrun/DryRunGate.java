package city.urbanops.rules.dryrun;

import java.util.concurrent.Semaphore;

/** Admits at most {@code concurrent} dry runs at once on this instance; one more is refused, never queued. */
public final class DryRunGate {

    private final Semaphore permits;

    public DryRunGate(int concurrent) {
        this.permits = new Semaphore(concurrent);
    }

    /** Takes a place if one is free; the caller must {@link #leave()} once done. */
    public boolean tryEnter() {
        return permits.tryAcquire();
    }

    public void leave() {
        permits.release();
    }
}
