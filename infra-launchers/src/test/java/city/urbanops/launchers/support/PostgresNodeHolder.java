package city.urbanops.launchers.support;

import city.urbanops.launchers.postgres.PostgresNode;
import java.nio.file.Path;

/** Starts a durable PostgreSQL on the given data directory and port, prints {@code ready} and waits to be killed. */
public final class PostgresNodeHolder {

    private PostgresNodeHolder() {
    }

    public static void main(String[] args) throws Exception {
        PostgresNode.builder(PostgresNode.Durability.DURABLE).dataDirectory(Path.of(args[0]))
                .port(Integer.parseInt(args[1])).start();
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
