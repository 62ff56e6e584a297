package city.urbanops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The alerting benchmark's arguments ({@link AlertingBench}), each bounded. */
record AlertingBenchSettings(int rate, int warmupSeconds, int seconds) {

    /** name -> {default, minimum, maximum}. */
    private static final Map<String, int[]> BOUNDS = bounds();

    private static Map<String, int[]> bounds() {
        var bounds = new LinkedHashMap<String, int[]>();
        bounds.put("rate", new int[] {100, 1, 5_000});
        bounds.put("warmupSeconds", new int[] {15, 0, 600});
        bounds.put("seconds", new int[] {60, 1, 3_600});
        return bounds;
    }

    static AlertingBenchSettings parse(String[] args) {
        var values = new LinkedHashMap<String, Integer>();
        BOUNDS.forEach((name, bound) -> values.put(name, bound[0]));
        for (var arg : args) {
            var pair = arg.split("=", 2);
            if (pair.length != 2 || !BOUNDS.containsKey(pair[0]) || !pair[1].matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + BOUNDS.keySet()
                        + " (whole numbers)");
            }
            int value = Integer.parseInt(pair[1]);
            int[] bound = BOUNDS.get(pair[0]);
            if (value < bound[1] || value > bound[2]) {
                throw new IllegalArgumentException("%s must be %,d..%,d, was %,d".formatted(pair[0], bound[1],
                        bound[2], value));
            }
            values.put(pair[0], value);
        }
        return new AlertingBenchSettings(values.get("rate"), values.get("warmupSeconds"), values.get("seconds"));
    }

    /** Alert events the run publishes in all, warm-up included. */
    long events() {
        return (long) rate * (warmupSeconds + seconds);
    }
}
