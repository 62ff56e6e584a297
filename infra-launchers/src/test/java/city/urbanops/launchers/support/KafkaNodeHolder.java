package city.urbanops.launchers.support;

import city.urbanops.launchers.kafka.KafkaNode;
import city.urbanops.launchers.process.Supervision;
import java.nio.file.Path;
import java.util.List;

/** Starts a broker that ends with this JVM, prints {@code broker-pid <pid>} and waits to be killed. */
public final class KafkaNodeHolder {

    private KafkaNodeHolder() {
    }

    public static void main(String[] args) throws Exception {
        var directory = Path.of(args[0]);
        var node = new KafkaNode(new KafkaNode.Settings(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                directory.resolve("data"), directory.resolve("server.properties"), directory.resolve("kafka.log"),
                System.getProperty("java.class.path"), List.of("-Xmx256m"), List.of(),
                Supervision.endsWithThisJvm()));
        node.start();
        // The broker is this JVM's only child once the storage formatter has ended.
        var broker = ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst().orElseThrow();
        System.out.println("broker-pid " + broker.pid());
        Thread.currentThread().join();
    }
}
