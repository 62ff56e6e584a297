package city.urbanops.launchers.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Another JVM on this test's classpath running one of the holder mains, which print a line once their node is up. */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;

    private ChildJvm(Process process) {
        this.process = process;
        this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static ChildJvm run(Class<?> main, String... args) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads the child's output until a line starts with {@code prefix}; returns the rest of that line. */
    public String awaitLine(String prefix, Duration timeout) throws Exception {
        var seen = new StringBuilder();
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next; (next = output.readLine()) != null; ) {
                    if (next.startsWith(prefix)) {
                        return next.substring(prefix.length()).trim();
                    }
                    seen.append(next).append('\n');
                }
                throw new IllegalStateException("the child JVM ended without printing " + prefix + ":\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL, as a crash or {@code kill -9} would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        kill();
    }
}
