package city.urbanops.localplatform.inbox;

import java.time.Instant;
import java.util.Map;

/**
 * One webhook call the receiver got: its Standard Webhooks headers (and content type, user agent), the body as sent
 * and whether its signature verified ({@code verdict} says why not).
 */
public record WebhookCall(String webhookId, String timestamp, Instant receivedAt, String path,
                          Map<String, String> headers, String body, boolean valid, String verdict) {

    public WebhookCall {
        headers = Map.copyOf(headers);
    }
}
