package city.urbanops.alerting.notification;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Posts a delivery to its webhook endpoint, signed the Standard Webhooks way with every active secret. The
 * {@code webhook-id} is the delivery id, so a receiver that sees it twice (a retry after a lost answer, a restart
 * between send and record) knows it is the same message. Any 2xx is success; the call and the body read are bounded.
 */
@Component
class WebhookChannel implements DeliveryChannel {

    /** The dead-letter reason of a delivery whose endpoint resolves to an address webhooks may not call. */
    static final String ADDRESS_NOT_ALLOWED = "address-not-allowed";

    private final WebhookEndpointRepository endpoints;
    private final NotificationProperties properties;
    private final HttpClient http;
    private final WebhookAddressPolicy addresses;

    WebhookChannel(WebhookEndpointRepository endpoints, NotificationProperties properties,
                   WebhookAddressPolicy addresses) {
        this.endpoints = endpoints;
        this.addresses = addresses;
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.webhookConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Delivery.Channel channel() {
        return Delivery.Channel.WEBHOOK;
    }

    @Override
    public void send(Delivery delivery, Instant now) throws DeliveryFailure {
        UUID endpointId = UUID.fromString(delivery.target());
        String url = endpoints.url(endpointId)
                .orElseThrow(() -> new DeliveryFailure("webhook endpoint " + endpointId + " was deleted", true));
        // Checked again before every call on a fresh resolution: the name may point elsewhere now (DNS rebinding).
        var refused = addresses.refusal(url);
        if (refused.isPresent()) {
            throw new DeliveryFailure(ADDRESS_NOT_ALLOWED + ": endpoint " + endpointId + " "
                    + refused.get().replace(url, "<url>"), true);
        }
        List<String> secrets = endpoints.activeSecrets(endpointId, now);
        if (secrets.isEmpty()) {
            throw new DeliveryFailure("webhook endpoint " + endpointId + " has no active secret", true);
        }
        // Errors name the endpoint and its host only: a webhook URL may carry a token of the receiver's (Slack-style).
        String where = "endpoint " + endpointId + " (" + URI.create(url).getHost() + ")";
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.webhookTimeout())
                .header("content-type", "application/json")
                .header("webhook-id", delivery.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.signatures(secrets, delivery.id(), timestamp,
                        delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String answer;
            try (InputStream body = response.body()) {
                answer = new String(body.readNBytes(properties.maxResponseBytes()), StandardCharsets.UTF_8);
            }
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailure("HTTP " + response.statusCode() + " from " + where
                        + (answer.isBlank() ? "" : ": " + answer.strip()), false);
            }
        } catch (HttpTimeoutException e) {
            throw new DeliveryFailure("no answer from " + where + " within " + properties.webhookTimeout(), false);
        } catch (IOException e) {
            throw new DeliveryFailure(e.getClass().getSimpleName() + " calling " + where
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace(url, "<url>")), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted calling " + where, false);
        }
    }
}
