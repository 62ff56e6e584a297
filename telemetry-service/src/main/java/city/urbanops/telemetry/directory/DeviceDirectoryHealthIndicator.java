package city.urbanops.telemetry.directory;

import city.urbanops.security.health.InProcessHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code deviceDirectory}, part of readiness: DOWN until the directory has read {@code registry.devices} up to the end
 * offsets it had at start, so that a new instance does not answer 404 for devices it has not read yet. It stays UP
 * afterwards, Kafka or not (readiness is about answering correctly from what is held). It reads memory only.
 */
// Bean "deviceDirectoryHealthIndicator": health names it "deviceDirectory" (the suffix is dropped).
@Component
class DeviceDirectoryHealthIndicator implements InProcessHealthIndicator {

    private final DeviceDirectoryReader reader;
    private final DeviceDirectory directory;

    DeviceDirectoryHealthIndicator(DeviceDirectoryReader reader, DeviceDirectory directory) {
        this.reader = reader;
        this.directory = directory;
    }

    @Override
    public Health health() {
        CatchUp catchUp = reader.catchUp();
        Health.Builder health = catchUp.caughtUp() ? Health.up() : Health.down();
        health.withDetail("devices", directory.size()).withDetail("caughtUp", catchUp.caughtUp());
        if (!catchUp.caughtUp()) {
            if (catchUp.hasTargets()) {
                health.withDetail("recordsToRead", catchUp.remaining());
            } else {
                health.withDetail("waitingFor", catchUp.waitingFor());
            }
        }
        return health.build();
    }
}
