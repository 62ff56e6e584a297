package city.urbanops.registry.credentials;

import city.urbanops.events.registry.DeviceKind;
import city.urbanops.registry.config.RegistryProperties;
import city.urbanops.registry.device.DeviceResponses;
import city.urbanops.registry.device.RegisteringDevice;
import city.urbanops.registry.device.RefusalResponses;
import city.urbanops.security.AccessScope;
import city.urbanops.security.problem.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gateway credentials, for admins: provisioning a gateway with its first secret, rotating and revoking secrets,
 * certificate fingerprints. A secret appears in exactly one response, the one that issues it ({@code no-store}).
 */
@RestController
@RequestMapping("/api/v1/gateways")
@PreAuthorize("hasRole('ADMIN')")
class CredentialsController {

    private final ProvisioningGateway provisioning;
    private final GatewaySecrets secrets;
    private final GatewayCertificates certificates;
    private final GatewaySecretRepository repository;
    private final DeviceResponses responses;
    private final RegistryProperties properties;
    private final Clock clock;
    private final RefusalResponses answers;

    CredentialsController(ProvisioningGateway provisioning, GatewaySecrets secrets, GatewayCertificates certificates,
                          GatewaySecretRepository repository, DeviceResponses responses,
                          RegistryProperties properties, Clock clock, RefusalResponses answers) {
        this.answers = answers;
        this.provisioning = provisioning;
        this.secrets = secrets;
        this.certificates = certificates;
        this.repository = repository;
        this.responses = responses;
        this.properties = properties;
        this.clock = clock;
    }

    /** A gateway to provision. */
    record NewGatewayRequest(
            @NotNull @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                    message = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
            String id,
            @Size(min = 1, max = 128) String externalId,
            @NotBlank String deviceType,
            @NotBlank String department,
            @NotBlank String district,
            String siteId,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    /** @param overlap ISO-8601 duration the current secret keeps working, e.g. {@code PT24H}; default 24 h */
    record SecretRequest(String overlap) {
    }

    /** A certificate fingerprint: lowercase hex SHA-256 of the certificate's DER encoding. */
    record CertificateRequest(@NotNull @Pattern(regexp = "^[0-9a-f]{64}$",
            message = "must be 64 lowercase hex digits (SHA-256 of the certificate's DER encoding)")
                              String fingerprint) {
    }

    /** The gateway's credentials as an admin sees them: ids and validity, never a secret or its hash. */
    record CredentialsView(String gatewayId, List<SecretView> secrets, List<String> certificateFingerprints) {
    }

    record SecretView(String credentialId, Instant issuedAt, Instant expiresAt, boolean valid) {
    }

    @PostMapping
    ResponseEntity<?> provision(@Valid @RequestBody NewGatewayRequest request, AccessScope scope,
                                Authentication caller) {
        var gateway = new RegisteringDevice.NewDevice(request.id(), request.externalId(), DeviceKind.GATEWAY,
                request.deviceType(), null, request.department(), request.district(), request.siteId(),
                request.latitude(), request.longitude());
        return answers.answer(provisioning.provision(gateway, caller.getName(), scope),
                issued -> ResponseEntity.created(URI.create("/api/v1/devices/" + issued.gatewayId()))
                        .cacheControl(CacheControl.noStore()).body(issued));
    }

    @GetMapping("/{id}/credentials")
    CredentialsView credentials(@PathVariable String id, AccessScope scope) {
        secrets.visibleGateway(id, scope);
        Instant now = clock.instant();
        return new CredentialsView(id, repository.secrets(id).stream()
                .map(s -> new SecretView(s.credentialId(), s.issuedAt(), s.expiresAt(), s.validAt(now))).toList(),
                repository.fingerprints(id));
    }

    @PostMapping("/{id}/secrets")
    ResponseEntity<?> issue(@PathVariable String id, @RequestBody(required = false) SecretRequest request,
                            AccessScope scope, Authentication caller) {
        Duration overlap = overlap(request == null ? null : request.overlap());
        return answers.answer(secrets.issue(id, overlap, caller.getName(), scope),
                issued -> ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(issued));
    }

    @DeleteMapping("/{id}/secrets/{credentialId}")
    ResponseEntity<?> revoke(@PathVariable String id, @PathVariable String credentialId, AccessScope scope,
                             Authentication caller) {
        return answers.answer(secrets.revoke(id, credentialId, caller.getName(), scope),
                record -> responses.answer(id, scope));
    }

    @PostMapping("/{id}/certificates")
    ResponseEntity<?> addCertificate(@PathVariable String id, @Valid @RequestBody CertificateRequest request,
                                     AccessScope scope, Authentication caller) {
        return answers.answer(certificates.add(id, request.fingerprint(), caller.getName(), scope),
                record -> responses.answer(id, scope));
    }

    @DeleteMapping("/{id}/certificates/{fingerprint}")
    ResponseEntity<?> removeCertificate(@PathVariable String id, @PathVariable String fingerprint, AccessScope scope,
                                        Authentication caller) {
        return answers.answer(certificates.remove(id, fingerprint, caller.getName(), scope),
                record -> responses.answer(id, scope));
    }

    private Duration overlap(String requested) {
        RegistryProperties.Secrets bounds = properties.secrets();
        if (requested == null) {
            return bounds.defaultOverlap();
        }
        Duration overlap;
        try {
            overlap = Duration.parse(requested);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("overlap", "must be an ISO-8601 duration such as PT24H");
        }
        if (overlap.isNegative() || overlap.compareTo(bounds.maxOverlap()) > 0) {
            throw new InvalidRequestException("overlap", "must be between PT0S and " + bounds.maxOverlap());
        }
        return overlap;
    }
}
