package city.urbanops.bench;

import java.util.Arrays;

/**
 * What {@code ./urbanops bench} runs: {@code bench import ...} measures the registry's bulk import
 * ({@link RegistryImportBench}), {@code bench rules ...} the rules evaluation ({@link RulesBench}), {@code bench
 * alerts ...} alerting from event to webhook ({@link AlertingBench}); anything else is the walking skeleton's
 * arguments ({@link WalkingSkeletonBench}).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("import")) {
            RegistryImportBench.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("alerts")) {
            AlertingBench.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("rules")) {
            RulesBench.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            WalkingSkeletonBench.main(args);
        }
    }
}
