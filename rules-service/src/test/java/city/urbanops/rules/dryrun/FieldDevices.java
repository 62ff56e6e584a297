package city.urbanops.rules.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import city.urbanops.events.registry.DeviceRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Field devices reporting a reading a second, stamped when sent, as a wall-clock condition needs; a send that
 * failed fails the test when the devices stop.
 */
final class FieldDevices implements AutoCloseable {

    private final RecordedHistory history;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final List<ScheduledFuture<?>> reporting = new ArrayList<>();

    FieldDevices(RecordedHistory history) {
        this.history = history;
    }

    void reportEverySecond(DeviceRecord device) {
        reporting.add(clock.scheduleAtFixedRate(() -> report(device), 0, 1, TimeUnit.SECONDS));
    }

    /** Three readings a second apart, then silence. */
    void reportThreeTimes(DeviceRecord device) {
        for (int second = 0; second < 3; second++) {
            reporting.add(clock.schedule(() -> report(device), second, TimeUnit.SECONDS));
        }
    }

    private void report(DeviceRecord device) {
        history.reading(device.deviceId(), device.gatewayId(), Instant.now().truncatedTo(ChronoUnit.MILLIS), 1.0);
    }

    void stop() throws Exception {
        for (var device : reporting) {
            device.cancel(false);
            if (device.isDone() && !device.isCancelled()) {
                device.get(); // rethrows a send that failed (a one-shot that went well just returns)
            }
        }
        clock.shutdown();
        assertThat(clock.awaitTermination(30, TimeUnit.SECONDS)).as("the last readings were sent").isTrue();
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
