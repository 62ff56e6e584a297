package city.urbanops.alerting.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An integrator's webhook receiver in the test JVM: records every call, answers the status the test sets, can be
 * taken down (connection refused) and brought back on the same port. {@link #verifies} is the integrator's own
 * Standard Webhooks verification, written from the specification, not the service's signer.
 */
public final class WebhookReceiver {

    public record Call(String path, String id, String timestamp, String signature, String body) { }

    private final int port;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    public WebhookReceiver(int port) {
        this.port = port;
        start();
    }

    /** Listens again on the same port; nothing happens if it is listening. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                calls.add(new Call(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body));
            }
            byte[] answer = (status.get() == 200 ? "ok" : "receiver failure").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public synchronized void stop() {
        server.stop(0);
        server = null;
    }

    public void answer(int httpStatus) {
        status.set(httpStatus);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public List<Call> callsTo(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** True if one of the space-separated {@code v1,} signatures is the HMAC-SHA256 of {@code id.timestamp.body}. */
    public static boolean verifies(String whsecSecret, Call call) {
        try {
            byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((call.id() + "." + call.timestamp() + "." + call.body())
                    .getBytes(StandardCharsets.UTF_8));
            return Arrays.stream(call.signature().split(" "))
                    .filter(s -> s.startsWith("v1,"))
                    .map(s -> Base64.getDecoder().decode(s.substring(3)))
                    .anyMatch(candidate -> java.security.MessageDigest.isEqual(candidate, expected));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
