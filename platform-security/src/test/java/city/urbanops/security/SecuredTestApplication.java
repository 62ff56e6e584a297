package city.urbanops.security;

import city.urbanops.security.problem.InvalidRequestException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A service as every UrbanOps service looks to platform-security: Boot app, REST endpoints, nothing else. */
@SpringBootApplication
class SecuredTestApplication {

    record Thing(@NotBlank String name, @Min(1) int count) {
    }

    @RestController
    static class TestController {

        @GetMapping("/api/test/whoami")
        Map<String, Object> whoami(Authentication authentication, AccessScope scope) {
            return Map.of("name", authentication.getName(),
                    "roles", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                            .toList(),
                    "departments", scope.departments().stream().sorted().toList(),
                    "districts", scope.districts().stream().sorted().toList());
        }

        @GetMapping("/api/test/supervised")
        @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
        Map<String, String> supervised() {
            return Map.of("ok", "yes");
        }

        @GetMapping("/api/test/scoped")
        Map<String, Boolean> scoped(@RequestParam String department, @RequestParam String district,
                                    AccessScope scope) {
            return Map.of("allowed", scope.allows(department, district));
        }

        @PostMapping("/api/test/things")
        Thing create(@Valid @RequestBody Thing thing) {
            return thing;
        }

        @GetMapping("/api/test/window")
        Map<String, Object> window(@RequestParam Instant from, @RequestParam Instant to,
                                   @RequestParam(defaultValue = "10") int limit) {
            if (from.isAfter(to)) {
                throw new InvalidRequestException("from", "must not be after 'to'");
            }
            return Map.of("from", from.toString(), "to", to.toString(), "limit", limit);
        }
    }
}
