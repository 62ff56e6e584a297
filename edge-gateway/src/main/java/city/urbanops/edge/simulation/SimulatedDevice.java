package city.urbanops.edge.simulation;

import city.urbanops.events.uplink.Measurement;
import city.urbanops.events.uplink.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * One simulated field device: its values drift around a plausible daily pattern (mean-reverting random walks), an
 * active incident bends them, and every reading carries the next number of the device's own sequence. Commands set
 * what it is told from outside: its sampling interval, a streetlight's forced state, a leak detector's shut-off valve
 * (closed, no water flows, so no leak is detected behind it). Readings are taken from one thread (the simulation's);
 * what commands set is volatile, so it may be set from another.
 */
public final class SimulatedDevice {

    private static final String[] CHARGER_IDLE_STATES = {"Available", "Available", "Available", "Preparing"};

    private final String id;
    private final String gatewayId;
    private final DeviceType type;
    private final Random random;
    private long nextSeq;

    private double level;
    private double secondary;
    private double tertiary;
    private boolean flag;
    private String status = "Available";
    private Instant lastSampled;

    private volatile Duration samplingInterval;
    private volatile Boolean lightForcedOn;
    private volatile boolean valveClosed;

    /**
     * @param firstSeq the first sequence number; it is the start time in epoch milliseconds so that a restarted
     *                 gateway continues above the numbers it used before and ingestion does not drop its readings
     *                 as duplicates.
     */
    public SimulatedDevice(String id, String gatewayId, DeviceType type, long seed, long firstSeq) {
        this.id = id;
        this.gatewayId = gatewayId;
        this.type = type;
        this.random = new Random(seed ^ id.hashCode());
        this.nextSeq = firstSeq;
        initialise();
    }

    public String id() {
        return id;
    }

    public String gatewayId() {
        return gatewayId;
    }

    public DeviceType type() {
        return type;
    }

    /** Samples taken no closer than this apart; null: at every tick of the simulation. */
    public void sampleEvery(Duration interval) {
        this.samplingInterval = interval;
    }

    public Duration samplingInterval() {
        return samplingInterval;
    }

    /** A streetlight switched by command stays on (or off) whatever the hour, until switched again. */
    public void forceLight(boolean on) {
        this.lightForcedOn = on;
    }

    /** True or false once a command switched this streetlight; null while it follows its daily schedule. */
    public Boolean lightForcedOn() {
        return lightForcedOn;
    }

    /** Closes (or opens) the shut-off valve of a leak detector. */
    public void closeValve(boolean closed) {
        this.valveClosed = closed;
    }

    public boolean valveClosed() {
        return valveClosed;
    }

    /** Whether a sample is due at {@code time} given the sampling interval; true the first time. */
    boolean dueAt(Instant time) {
        var interval = samplingInterval;
        return interval == null || lastSampled == null || !time.isBefore(lastSampled.plus(interval));
    }

    /** The next reading of this device at {@code time}, shaped by {@code incident} when one is active (or null). */
    public Reading read(Instant time, IncidentKind incident) {
        lastSampled = time;
        double hour = time.atOffset(ZoneOffset.UTC).getHour() + time.atOffset(ZoneOffset.UTC).getMinute() / 60.0;
        List<Measurement> measurements = switch (type) {
            case TRAFFIC_LOOP -> trafficLoop(hour, incident == IncidentKind.TRAFFIC_JAM);
            case AIR_QUALITY -> airQuality(hour, incident == IncidentKind.AIR_POLLUTION);
            case FLOOD_LEVEL -> floodLevel(incident == IncidentKind.FLOOD);
            // Water stops at a closed valve: the detector behind it sees no leak.
            case WATER_LEAK -> List.of(Measurement.bool("leak", incident == IncidentKind.LEAK && !valveClosed));
            case PARKING -> parking(hour);
            case STREETLIGHT -> streetlight(hour, incident == IncidentKind.LIGHT_OUTAGE);
            case EV_CHARGER -> evCharger(incident == IncidentKind.CHARGER_FAULT);
            case WASTE_BIN -> wasteBin(incident == IncidentKind.BIN_OVERFLOW);
        };
        return new Reading(id, time, nextSeq++, null, measurements);
    }

    private void initialise() {
        switch (type) {
            case TRAFFIC_LOOP -> {
                level = 10;
                secondary = 13;
            }
            case AIR_QUALITY -> {
                level = 8 + random.nextDouble() * 8;
                tertiary = 20 + random.nextDouble() * 15;
                secondary = 60;
            }
            case FLOOD_LEVEL -> level = 0.3 + random.nextDouble() * 0.3;
            case PARKING -> flag = random.nextDouble() < 0.6;
            case WASTE_BIN -> level = random.nextDouble() * 60;
            case EV_CHARGER, STREETLIGHT, WATER_LEAK -> {
                // These start from their daily pattern or from a healthy state.
            }
        }
    }

    private List<Measurement> trafficLoop(double hour, boolean jam) {
        double rush = rushHourFactor(hour);
        level = drift(level, 4 + 36 * rush, 0.3, 3, 0, 120);
        secondary = drift(secondary, 16 - 8 * rush, 0.3, 1.2, 2, 22);
        if (jam) {
            return List.of(Measurement.numeric("vehicle_count", "count", Math.round(2 + random.nextDouble() * 4)),
                    Measurement.numeric("speed", "m/s", round(0.5 + random.nextDouble() * 1.5, 2)));
        }
        return List.of(Measurement.numeric("vehicle_count", "count", Math.round(level)),
                Measurement.numeric("speed", "m/s", round(secondary, 2)));
    }

    private List<Measurement> airQuality(double hour, boolean pollution) {
        double rush = rushHourFactor(hour);
        level = drift(level, pollution ? 180 : 8 + 14 * rush, pollution ? 0.4 : 0.15, 1.5, 1, 500);
        tertiary = drift(tertiary, pollution ? 260 : 18 + 30 * rush, pollution ? 0.4 : 0.15, 2.5, 2, 400);
        double temperature = 12 + 7 * Math.sin((hour - 9) / 24 * 2 * Math.PI) + random.nextGaussian() * 0.3;
        secondary = drift(secondary, 75 - 2 * (temperature - 12), 0.1, 1.5, 20, 100);
        double pm10 = level * (1.5 + random.nextDouble() * 0.4);
        return List.of(Measurement.numeric("pm2_5", "ug/m3", round(level, 1)),
                Measurement.numeric("pm10", "ug/m3", round(Math.min(pm10, 800), 1)),
                Measurement.numeric("no2", "ug/m3", round(tertiary, 1)),
                Measurement.numeric("temperature", "Cel", round(temperature, 1)),
                Measurement.numeric("humidity", "%RH", round(secondary, 1)));
    }

    private List<Measurement> floodLevel(boolean flood) {
        if (flood) {
            // A steady rise with a little chop, capped where the sensor's housing would be under water.
            level = Math.min(level + 0.04 + random.nextDouble() * 0.02, 3.5);
        } else {
            level = drift(level, 0.45, 0.05, 0.01, 0.1, 3.5);
        }
        return List.of(Measurement.numeric("water_level", "m", round(level, 3)));
    }

    private List<Measurement> parking(double hour) {
        double wantedOccupancy = 0.3 + 0.6 * Math.max(rushHourFactor(hour), hour >= 9 && hour < 18 ? 0.8 : 0);
        double flip = flag ? (1 - wantedOccupancy) * 0.1 : wantedOccupancy * 0.1;
        if (random.nextDouble() < flip) {
            flag = !flag;
        }
        return List.of(Measurement.bool("parking_occupied", flag));
    }

    private List<Measurement> streetlight(double hour, boolean outage) {
        boolean dark = hour >= 18 || hour < 6.5;
        var forced = lightForcedOn;
        if (forced != null) {
            boolean on = forced && !outage;
            return List.of(Measurement.bool("on", on), Measurement.numeric("dimming", "%", on ? 100 : 0));
        }
        boolean on = dark && !outage;
        double dimming = !on ? 0 : hour >= 18 || hour < 1 ? 100 : 50;
        return List.of(Measurement.bool("on", on), Measurement.numeric("dimming", "%", dimming));
    }

    private List<Measurement> evCharger(boolean fault) {
        if (fault) {
            status = "Faulted";
        } else if ("Charging".equals(status)) {
            status = random.nextDouble() < 0.05 ? "Finishing" : "Charging";
        } else if ("Finishing".equals(status) || "Faulted".equals(status)) {
            status = "Available";
        } else {
            status = random.nextDouble() < 0.08 ? "Charging" : CHARGER_IDLE_STATES[random.nextInt(CHARGER_IDLE_STATES.length)];
        }
        if ("Charging".equals(status)) {
            level = drift(level <= 0 ? 11_000 : level, 11_000, 0.2, 800, 3_700, 22_000);
        } else {
            level = 0;
        }
        return List.of(Measurement.text("charger_status", status),
                Measurement.numeric("charging_power", "W", Math.round(level)));
    }

    private List<Measurement> wasteBin(boolean overflow) {
        if (overflow) {
            level = 100;
        } else if (level >= 95 || (level > 70 && random.nextDouble() < 0.02)) {
            level = random.nextDouble() * 5;
        } else {
            level = Math.min(100, level + random.nextDouble() * 1.5);
        }
        return List.of(Measurement.numeric("fill_level", "%", round(level, 1)));
    }

    /** 0 at night, 1 at the morning and evening peaks. */
    private static double rushHourFactor(double hour) {
        double morning = Math.exp(-Math.pow(hour - 8, 2) / 2);
        double evening = Math.exp(-Math.pow(hour - 17.5, 2) / 2.5);
        double day = hour >= 7 && hour < 20 ? 0.4 : 0.05;
        return Math.min(1, Math.max(day, Math.max(morning, evening)));
    }

    private double drift(double value, double mean, double reversion, double noise, double min, double max) {
        double next = value + reversion * (mean - value) + noise * random.nextGaussian();
        return Math.max(min, Math.min(max, next));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
