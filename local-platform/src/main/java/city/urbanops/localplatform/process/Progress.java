package city.urbanops.localplatform.process;

import java.io.PrintStream;
import java.util.Locale;

/** Prints numbered steps ({@code [ 3/11] Keycloak ... ready in 14.2 s}); safe from several threads. */
public final class Progress {

    private final PrintStream out;
    private final int total;
    private int done;

    public Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    public synchronized void note(String message) {
        out.println("        " + message);
    }

    /** Reports one finished step that took {@code nanos}. */
    public synchronized void ready(String what, long nanos) {
        done++;
        out.println(line(done, total, what, nanos));
    }

    /** Reports one step that did not happen, and why; the start goes on. */
    public synchronized void skipped(String what, String why) {
        done++;
        out.println(String.format(Locale.ROOT, "[%2d/%d] %s ... SKIPPED", done, total, what));
        out.println("        !! " + why);
    }

    static String line(int step, int total, String what, long nanos) {
        return String.format(Locale.ROOT, "[%2d/%d] %s ... ready in %.1f s", step, total, what, nanos / 1e9);
    }
}
