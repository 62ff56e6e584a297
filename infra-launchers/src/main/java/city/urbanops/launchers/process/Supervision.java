package city.urbanops.launchers.process;

import java.nio.file.Path;

/** What happens to a launched process when the JVM that launched it ends, even by {@code kill -9}. */
public sealed interface Supervision {

    /**
     * The process ends with the launching JVM: it holds a pipe from that JVM on its standard input and stops when the
     * pipe closes, which the kernel does for a killed JVM too ({@link ParentWatchingMain} for Java mains). For tests:
     * nothing outlives the test JVM.
     */
    record EndsWithThisJvm() implements Supervision {
    }

    /**
     * The process runs in a session of its own and outlives the launching JVM; its pid is kept in
     * {@code <runDirectory>/<name>.pid} and {@code marker} is put on its command line, so the next launcher can find
     * and stop what a killed one left behind. For the local platform: Ctrl-C in the terminal reaches only the
     * launcher, which stops everything in order.
     */
    record Detached(Path runDirectory, String marker) implements Supervision {

        public Path pidFile(String name) {
            return runDirectory.resolve(name + ".pid");
        }
    }

    static Supervision endsWithThisJvm() {
        return new EndsWithThisJvm();
    }

    static Supervision detached(Path runDirectory, String marker) {
        return new Detached(runDirectory, marker);
    }
}
