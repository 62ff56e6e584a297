package city.urbanops.ingestion.publishing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the Kafka cluster answers: without it every PUBLISH is answered "retry", so an instance that
 * cannot reach Kafka should be taken out of the load balancer.
 */
final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    KafkaHealthIndicator(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ingestion-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    }

    @Override
    public Health health() {
        var options = new DescribeClusterOptions().timeoutMs((int) timeout.toMillis());
        try {
            var cluster = admin.describeCluster(options);
            int nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return Health.up()
                    .withDetail("bootstrapServers", bootstrapServers)
                    .withDetail("clusterId", cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .withDetail("nodes", nodes)
                    .build();
        } catch (ExecutionException | TimeoutException unreachable) {
            return Health.down()
                    .withDetail("bootstrapServers", bootstrapServers)
                    .withDetail("error", String.valueOf(unreachable.getCause() != null
                            ? unreachable.getCause().getMessage() : unreachable.getMessage()))
                    .build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        }
    }

    @Override
    public void close() {
        admin.close(timeout);
    }
}
