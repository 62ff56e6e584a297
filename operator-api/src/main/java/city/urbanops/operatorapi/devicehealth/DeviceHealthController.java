package city.urbanops.operatorapi.devicehealth;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.operatorapi.console.NotFoundPage;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Device health: {@code /devices} counts the user's devices by district × type × connectivity (at most
 * {@value RegistryDevices#MAX_COUNT_CALLS} registry calls), or, with a filter, lists those devices 50 a page (one
 * call); {@code /devices/{id}} shows one device, its lifecycle history (one call) and its last 24 hours (one
 * telemetry call per measurement).
 */
@Controller
@ConsolePage
class DeviceHealthController {

    static final int LIST_PAGE_SIZE = 50;

    private final RegistryDevices registry;
    private final TelemetryTrends trends;

    DeviceHealthController(RegistryDevices registry, TelemetryTrends trends) {
        this.registry = registry;
        this.trends = trends;
    }

    @GetMapping("/devices")
    String devices(@RequestParam(required = false) String district, @RequestParam(required = false) String type,
                   @RequestParam(required = false) String connectivity,
                   @RequestParam(required = false) String cursor, Model model) {
        String state = blankToNull(connectivity);
        if (state != null) {
            state = state.toUpperCase(Locale.ROOT);
            if (!RegistryDevices.CONNECTIVITY.contains(state)) {
                state = null;
            }
        }
        if (blankToNull(district) == null && blankToNull(type) == null && state == null) {
            model.addAttribute("counts", registry.counts());
            model.addAttribute("states", RegistryDevices.CONNECTIVITY);
            return "devices/health";
        }
        model.addAttribute("district", blankToNull(district));
        model.addAttribute("type", blankToNull(type));
        model.addAttribute("connectivity", state);
        model.addAttribute("page", registry.page(blankToNull(district), blankToNull(type), state,
                blankToNull(cursor), LIST_PAGE_SIZE));
        return "devices/list";
    }

    @GetMapping("/devices/{id}")
    String device(@PathVariable String id, Model model) {
        RegistryDevices.Device device = registry.one(id).orElseThrow(NotFoundPage::new);
        model.addAttribute("device", device);
        model.addAttribute("history", registry.history(id));
        model.addAttribute("trends", trends.last24Hours(id, device.measurements()).orElse(null));
        return "devices/device";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
