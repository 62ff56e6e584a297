package city.urbanops.operatorapi.overview;

import city.urbanops.operatorapi.console.ConsolePage;
import city.urbanops.security.AccessScope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The city overview page ({@code /overview}): a map of the districts with alert markers and, beside it, a table per
 * district. The map's script reads {@code /overview/data} (the session chain cannot call {@code /api/**}).
 */
@Controller
@ConsolePage
class OverviewController {

    private final CityOverview overview;
    private final String tileUrl;

    OverviewController(CityOverview overview, @Value("${urbanops.operator.console.tile-url:}") String tileUrl) {
        this.overview = overview;
        this.tileUrl = tileUrl;
    }

    @GetMapping("/overview")
    String page(AccessScope scope, Model model) {
        model.addAttribute("overview", overview.of(scope));
        model.addAttribute("tileUrl", tileUrl);
        return "overview/overview";
    }

    @GetMapping("/overview/data")
    @ResponseBody
    CityOverview.Overview data(AccessScope scope) {
        return overview.of(scope);
    }
}
