package city.urbanops.telemetry.directory;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.telemetry.directory.DeviceDirectory.DevicePlacement;
import tools.jackson.core.JacksonException;

/**
 * What one {@code registry.devices} record means to the directory: a device placed, a device deleted, or a record
 * that cannot mean anything (skipped and counted, never retried: retrying cannot change its bytes).
 */
sealed interface RegistryUpdate {

    /** A device record: the device's current placement. */
    record Placed(String deviceId, DevicePlacement placement) implements RegistryUpdate {
    }

    /** A tombstone: the device was deleted. */
    record Deleted(String deviceId) implements RegistryUpdate {
    }

    /** A record the directory cannot use; {@code detail} is fit for a log (it never quotes the value). */
    record Unusable(SkipReason reason, String detail) implements RegistryUpdate {
    }

    /** Why a registry record was skipped; the tag of {@code urbanops.telemetry.directory.skipped}. */
    enum SkipReason {
        /**
         * No key, or an empty one: the topic is keyed by device id, so the record names no device. (The broker refuses
         * a keyless record on a compacted topic, but not an empty key.)
         */
        NO_KEY,
        /** Not JSON, or not a {@code DeviceRecord}. */
        UNDECODABLE,
        /** A {@code DeviceRecord} whose {@code deviceId} is not its key: one of the two is wrong, so neither is used. */
        KEY_MISMATCH,
        /** An older version of a device than the directory holds, re-published late: the newer one stays. */
        STALE_VERSION,
        /** Applying it failed in a way that would fail again. */
        FAILED
    }

    /** Reads one record of the registry topic. */
    static RegistryUpdate of(String key, byte[] value, EventJson json) {
        if (key == null || key.isBlank()) {
            return new Unusable(SkipReason.NO_KEY, "record without a device id key");
        }
        if (value == null) {
            return new Deleted(key);
        }
        DeviceRecord device;
        try {
            device = json.read(value, DeviceRecord.class);
        } catch (JacksonException undecodable) {
            return new Unusable(SkipReason.UNDECODABLE, "not a DeviceRecord: " + undecodable.getClass().getSimpleName());
        }
        if (device == null) {
            return new Unusable(SkipReason.UNDECODABLE, "not a DeviceRecord: JSON null");
        }
        if (!key.equals(device.deviceId())) {
            return new Unusable(SkipReason.KEY_MISMATCH, "deviceId differs from the key");
        }
        return new Placed(key, new DevicePlacement(device.department(), device.district(), device.version()));
    }
}
