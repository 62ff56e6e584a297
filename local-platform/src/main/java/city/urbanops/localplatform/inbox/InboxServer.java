package city.urbanops.localplatform.inbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local inbox's HTTP side on the loopback interface: the page ({@code /}), its JSON ({@code /api/mail},
 * {@code /api/webhooks}) and the webhook receiver ({@code /webhooks/...}), which alerting-service calls as it would an
 * integrator's endpoint.
 */
public final class InboxServer implements AutoCloseable {

    /** Where webhook calls are received; a registered endpoint's URL is this plus a name. */
    public static final String WEBHOOK_PATH = "/webhooks/";

    private final HttpServer server;
    private final ExecutorService executor;

    private InboxServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on {@code port} (0: any free port); {@code mails} may be empty when no SMTP sink runs. */
    public static InboxServer start(int port, Recent<Mail> mails, WebhookReceiver receiver) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on localhost:" + port + " for the inbox", e);
        }
        // One virtual thread per exchange: a slow page render never holds up a webhook call being timed.
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                send(exchange, 404, "text/plain", () -> "not found");
            } else {
                send(exchange, 200, "text/html", () -> InboxPage.html(mails, receiver.calls(), receiver::deliveries));
            }
        });
        server.createContext("/api/mail", exchange -> send(exchange, 200, "application/json",
                () -> InboxPage.mailJson(mails)));
        server.createContext("/api/webhooks", exchange -> send(exchange, 200, "application/json",
                () -> InboxPage.webhooksJson(receiver.calls(), receiver::deliveries)));
        server.createContext(WEBHOOK_PATH, receiver);
        server.start();
        return new InboxServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL a webhook endpoint named {@code name} is registered with. */
    public String webhookUrl(String name) {
        return "http://localhost:" + port() + WEBHOOK_PATH + name;
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private static void send(HttpExchange exchange, int status, String type, Supplier<String> body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
