package city.urbanops.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rules benchmark's arguments ({@link RulesBench}), each bounded; {@code commits} in milliseconds. */
record RulesBenchSettings(Map<String, Integer> values, List<Integer> commits) {

    /** name -> {default, minimum, maximum}. */
    private static final Map<String, int[]> BOUNDS = bounds();

    private static Map<String, int[]> bounds() {
        var bounds = new LinkedHashMap<String, int[]>();
        bounds.put("readings", new int[] {200_000, 0, 10_000_000});
        bounds.put("warmup", new int[] {50_000, 0, 10_000_000});
        bounds.put("devices", new int[] {10_000, 100, 100_000});
        bounds.put("gateways", new int[] {20, 1, 100});
        bounds.put("rules", new int[] {1_000, 10, 10_000});
        bounds.put("batch", new int[] {100, 1, 1_000});
        bounds.put("inflight", new int[] {4, 1, 4});
        bounds.put("rate", new int[] {10_000, 100, 100_000});
        bounds.put("triggers", new int[] {20, 1, 1_000});
        bounds.put("warmupSeconds", new int[] {15, 0, 600});
        bounds.put("seconds", new int[] {60, 0, 3_600});
        return bounds;
    }

    static RulesBenchSettings parse(String[] args) {
        var values = new LinkedHashMap<String, Integer>();
        BOUNDS.forEach((name, bound) -> values.put(name, bound[0]));
        List<Integer> commits = List.of(50);
        for (var arg : args) {
            var pair = arg.split("=", 2);
            if (pair.length == 2 && pair[0].equals("commits") && pair[1].matches("[0-9]{1,4}(,[0-9]{1,4}){0,3}")) {
                commits = Arrays.stream(pair[1].split(",")).map(Integer::valueOf).toList();
                if (commits.stream().anyMatch(ms -> ms < 10 || ms > 1_000)) {
                    throw new IllegalArgumentException("commits: each commit interval must be 10..1000 ms, was "
                            + pair[1]);
                }
            } else if (pair.length == 2 && BOUNDS.containsKey(pair[0]) && pair[1].matches("[0-9]{1,9}")) {
                int value = Integer.parseInt(pair[1]);
                int[] bound = BOUNDS.get(pair[0]);
                if (value < bound[1] || value > bound[2]) {
                    throw new IllegalArgumentException("%s must be %,d..%,d, was %,d".formatted(pair[0], bound[1],
                            bound[2], value));
                }
                values.put(pair[0], value);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + BOUNDS.keySet()
                        + " (numbers) and commits=<ms>[,<ms>...] (up to 4)");
            }
        }
        var settings = new RulesBenchSettings(java.util.Collections.unmodifiableMap(values), commits);
        settings.check();
        return settings;
    }

    private void check() {
        int devices = get("devices");
        int gateways = get("gateways");
        if (devices % gateways != 0) {
            throw new IllegalArgumentException("devices (%,d) must be a multiple of gateways (%d)"
                    .formatted(devices, gateways));
        }
        if (devices / gateways < get("batch")) {
            throw new IllegalArgumentException("batch (%d) may not exceed the devices per gateway (%,d): a batch "
                    .formatted(get("batch"), devices / gateways) + "carries one reading per device");
        }
        int slices = get("rules") - Math.min(RulesCity.WIDE_RULES, get("rules") / 10);
        if ((devices + slices - 1) / slices > 1_000) {
            throw new IllegalArgumentException("rules (%,d) too few for %,d devices: a rule's device list holds "
                    .formatted(get("rules"), devices) + "at most 1,000 devices");
        }
        if (get("rules") > devices) {
            throw new IllegalArgumentException("rules (%,d) may not exceed devices (%,d): every slice rule needs "
                    .formatted(get("rules"), devices) + "a device");
        }
        if (get("triggers") * get("batch") > get("rate")) {
            throw new IllegalArgumentException("triggers (%d/s) may not exceed the batches per second (rate / "
                    .formatted(get("triggers")) + "batch = %d)".formatted(get("rate") / get("batch")));
        }
    }

    int get(String name) {
        return values.get(name);
    }

    AlertLatencyRun.Plan latencyPlan() {
        return new AlertLatencyRun.Plan(get("rate"), get("batch"), get("inflight"), get("triggers"),
                get("warmupSeconds"), get("seconds"));
    }
}
