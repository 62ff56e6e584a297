package city.urbanops.launchers.process;

import java.io.IOException;

/**
 * Runs another main class in a child JVM and halts that JVM when the parent's pipe to its standard input closes,
 * so a parent killed with {@code kill -9} leaves no child behind: {@code java -cp ... ParentWatchingMain <main> <args>}.
 */
public final class ParentWatchingMain {

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Exception {
        var watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Anything the parent writes is ignored; only end-of-stream matters.
                }
            } catch (IOException parentGone) {
                // Same meaning as end-of-stream.
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        var target = Class.forName(args[0]);
        var rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        target.getMethod("main", String[].class).invoke(null, (Object) rest);
    }
}
