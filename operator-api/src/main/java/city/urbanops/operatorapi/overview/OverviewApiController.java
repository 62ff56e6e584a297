package city.urbanops.operatorapi.overview;

import city.urbanops.security.AccessScope;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The city overview as JSON for integrators: the same composite the console's map draws. */
@RestController
class OverviewApiController {

    private final CityOverview overview;

    OverviewApiController(CityOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/api/v1/overview")
    @Operation(summary = "Districts in the caller's scope: boundary, open alerts by severity and cause, gateways online/offline")
    CityOverview.Overview overview(AccessScope scope) {
        return overview.of(scope);
    }
}
