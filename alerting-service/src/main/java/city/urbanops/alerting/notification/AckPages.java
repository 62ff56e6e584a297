package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import org.springframework.web.util.HtmlUtils;

/** The small server-rendered pages of the acknowledge link; every value is HTML-escaped. */
final class AckPages {

    private AckPages() {
    }

    static String confirm(Alert alert, String action) {
        return layout("Acknowledge alert", """
                <h1>Acknowledge this alert?</h1>
                <p><strong>[%s] %s</strong></p>
                <p>District %s%s, open since %s.</p>
                <form method="post" action="%s"><button type="submit">Acknowledge</button></form>
                """.formatted(e(alert.severity().name()), e(alert.title()), e(alert.district()),
                alert.siteId() == null ? "" : ", site " + e(alert.siteId()), e(String.valueOf(alert.openedAt())),
                e(action)));
    }

    static String acknowledged(Alert alert) {
        return layout("Alert acknowledged", "<h1>Acknowledged</h1><p>[%s] %s is acknowledged. Thank you.</p>"
                .formatted(e(alert.severity().name()), e(alert.title())));
    }

    static String message(String title, String text) {
        return layout(title, "<h1>" + e(title) + "</h1><p>" + e(text) + "</p>");
    }

    private static String layout(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>%s - UrbanOps</title></head>
                <body>%s</body></html>
                """.formatted(e(title), body);
    }

    private static String e(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value);
    }
}
