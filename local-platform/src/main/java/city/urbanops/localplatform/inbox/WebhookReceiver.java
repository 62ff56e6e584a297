package city.urbanops.localplatform.inbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives webhook calls as an integrator's endpoint would: verifies each call's Standard Webhooks signature against
 * the secrets it holds ({@link StandardWebhooks}), answers 401 to a call that does not verify, and treats a second
 * delivery of a {@code webhook-id} it already accepted (a sender's retry) as received: answered 200, counted, not kept
 * again. Calls are kept in a {@link Recent} log, refused ones too, so a newcomer sees what arrived and why it did or
 * did not verify. Secrets live only in this object's memory (set once the endpoint is registered).
 */
public final class WebhookReceiver implements HttpHandler {

    /** A grouped notification lists many alerts; a body above this is refused (413) rather than read. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final List<String> SHOWN_HEADERS = List.of("webhook-id", "webhook-timestamp", "webhook-signature",
            "content-type", "user-agent");

    /** Told of every accepted first delivery, on the HTTP server's thread: keep it short. */
    @FunctionalInterface
    public interface Listener {
        void accepted(WebhookCall call, long receivedNanos);
    }

    private final Recent<WebhookCall> calls;
    private final Clock clock;
    private final Duration tolerance;
    private final Listener listener;
    private final Map<String, Integer> deliveries;
    private volatile List<WebhookSecret> secrets = List.of();
    private long duplicates;
    private long refused;

    /**
     * @param rememberedIds how many accepted {@code webhook-id}s are remembered to recognise a redelivery (the oldest
     *                      are forgotten first); at least as many as {@code calls} keeps
     */
    public WebhookReceiver(Recent<WebhookCall> calls, Clock clock, Duration tolerance, int rememberedIds,
                           Listener listener) {
        if (rememberedIds < calls.capacity()) {
            throw new IllegalArgumentException("remember at least as many webhook ids (%d) as calls kept (%d)"
                    .formatted(rememberedIds, calls.capacity()));
        }
        this.calls = calls;
        this.clock = clock;
        this.tolerance = tolerance;
        this.listener = listener;
        this.deliveries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > rememberedIds;
            }
        };
    }

    /** The secrets calls are verified with from now on; during a rotation, the new one and the old ones. */
    public void useSecrets(List<WebhookSecret> current) {
        this.secrets = List.copyOf(current);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long receivedNanos = System.nanoTime();
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "a webhook is a POST");
                return;
            }
            byte[] body = readBounded(exchange.getRequestBody());
            if (body == null) {
                answer(exchange, 413, "body larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            var outcome = receive(exchange.getRequestURI().getPath(), exchange.getRequestHeaders()::getFirst, body,
                    receivedNanos);
            switch (outcome) {
                case Outcome.Accepted accepted -> answer(exchange, 200, "received");
                case Outcome.Redelivered ignored -> answer(exchange, 200, "received before; not kept again");
                case Outcome.Rejected rejected -> answer(exchange, 401, rejected.call().verdict());
            }
        }
    }

    /** What became of one call. */
    sealed interface Outcome {
        record Accepted(WebhookCall call) implements Outcome {
        }

        record Redelivered(String webhookId, int deliveries) implements Outcome {
        }

        record Rejected(WebhookCall call) implements Outcome {
        }
    }

    /**
     * Verifies, dedupes and keeps one call, and tells the listener of a first genuine delivery; {@code header} looks a
     * request header up by name, case-insensitively.
     */
    Outcome receive(String path, java.util.function.Function<String, String> header, byte[] body, long receivedNanos) {
        var verdict = StandardWebhooks.verify(header.apply("webhook-id"), header.apply("webhook-timestamp"),
                header.apply("webhook-signature"), body, secrets, clock.instant(), tolerance);
        var shown = new LinkedHashMap<String, String>();
        for (String name : SHOWN_HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                shown.put(name, value);
            }
        }
        String id = header.apply("webhook-id");
        var call = new WebhookCall(id, header.apply("webhook-timestamp"), clock.instant(), path, shown,
                new String(body, StandardCharsets.UTF_8), verdict.valid(), verdict.describe());
        if (!verdict.valid()) {
            synchronized (deliveries) {
                refused++;
            }
            calls.add(call);
            return new Outcome.Rejected(call);
        }
        synchronized (deliveries) {
            Integer before = deliveries.get(id);
            if (before != null) {
                deliveries.put(id, before + 1);
                duplicates++;
                return new Outcome.Redelivered(id, before + 1);
            }
            deliveries.put(id, 1);
        }
        calls.add(call);
        listener.accepted(call, receivedNanos);
        return new Outcome.Accepted(call);
    }

    /** How many times a genuine call with this id arrived (0 if never, or forgotten). */
    public int deliveries(String webhookId) {
        synchronized (deliveries) {
            return deliveries.getOrDefault(webhookId, 0);
        }
    }

    /** Genuine calls that repeated a {@code webhook-id} already accepted. */
    public long duplicates() {
        synchronized (deliveries) {
            return duplicates;
        }
    }

    /** Calls refused because their signature did not verify (or came without one). */
    public long refused() {
        synchronized (deliveries) {
            return refused;
        }
    }

    public Recent<WebhookCall> calls() {
        return calls;
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
