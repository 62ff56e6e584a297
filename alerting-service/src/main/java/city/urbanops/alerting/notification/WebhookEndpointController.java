package city.urbanops.alerting.notification;

import city.urbanops.security.problem.InvalidRequestException;
import city.urbanops.security.problem.ResourceNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import city.urbanops.alerting.audit.AuditLog;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook endpoints that routes may call (supervisors and admins). A signing secret is answered exactly once, in the
 * response that creates it; listing never shows one. Rotation adds a new secret and keeps the previous ones signing
 * until {@code rotation-overlap} has passed, so receivers can switch without missing a call.
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
@PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
class WebhookEndpointController {

    static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_LISTED = 1000;

    private final WebhookEndpointRepository endpoints;
    private final NotificationProperties properties;
    private final Clock clock;
    private final AuditLog audit;
    private final WebhookAddressPolicy addresses;

    WebhookEndpointController(WebhookEndpointRepository endpoints, NotificationProperties properties, Clock clock,
                              AuditLog audit, WebhookAddressPolicy addresses) {
        this.audit = audit;
        this.addresses = addresses;
        this.endpoints = endpoints;
        this.properties = properties;
        this.clock = clock;
    }

    record NewEndpoint(@NotBlank @Size(max = MAX_URL_LENGTH) String url, @Size(max = 200) String description) { }

    /** The one answer that carries the secret. */
    record CreatedEndpoint(UUID id, String url, String description, Instant createdAt, String secret) { }

    record RotatedSecret(UUID endpointId, String secret, Instant previousSecretsValidUntil) { }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    CreatedEndpoint create(@Valid @RequestBody NewEndpoint request, Authentication caller) {
        String url = validUrl(request.url());
        addresses.refusal(url).ifPresent(reason -> {
            throw new InvalidRequestException("url", reason);
        });
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret();
        Instant now = clock.instant();
        endpoints.create(id, url, request.description(), caller.getName(), secret, now);
        // The host only: a webhook URL may carry a receiver's token in its path or query.
        audit.record(now, new AuditLog.Action(caller.getName(), "webhook-endpoint.created", "webhook-endpoint",
                id.toString(), null, null, Map.of("host", String.valueOf(URI.create(url).getHost()))));
        return new CreatedEndpoint(id, url, request.description(), now, secret);
    }

    @GetMapping
    List<WebhookEndpointRepository.WebhookEndpoint> list() {
        return endpoints.list(clock.instant(), MAX_LISTED);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(@PathVariable UUID id, Authentication caller) {
        if (!endpoints.delete(id)) {
            throw new ResourceNotFoundException("No webhook endpoint " + id + ".");
        }
        audit.record(clock.instant(), new AuditLog.Action(caller.getName(), "webhook-endpoint.deleted",
                "webhook-endpoint", id.toString(), null, null, Map.of()));
    }

    @PostMapping("/{id}/secrets")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    RotatedSecret rotate(@PathVariable UUID id, Authentication caller) {
        Instant now = clock.instant();
        Instant overlapEnds = now.plus(properties.rotationOverlap());
        String secret = WebhookSigner.newSecret();
        if (!endpoints.rotate(id, secret, now, overlapEnds)) {
            throw new ResourceNotFoundException("No webhook endpoint " + id + ".");
        }
        audit.record(now, new AuditLog.Action(caller.getName(), "webhook-endpoint.secret-rotated", "webhook-endpoint",
                id.toString(), null, null, Map.of("previousSecretsValidUntil", overlapEnds.toString())));
        return new RotatedSecret(id, secret, overlapEnds);
    }

    static String validUrl(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new InvalidRequestException("url", "must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new InvalidRequestException("url", "must name a host");
            }
            if (uri.getUserInfo() != null) {
                throw new InvalidRequestException("url", "must not carry credentials; calls are signed instead");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url", "is not a valid URL");
        }
    }
}
