package city.urbanops.localplatform.inbox;

import city.urbanops.events.codec.EventJson;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Renders what the inbox holds: one server-rendered HTML page (mails, then webhook calls, newest first, refreshing
 * itself) and the same as JSON for scripts. Everything shown is escaped: bodies come from the platform, but a
 * notification quotes device and rule text that people typed.
 */
final class InboxPage {

    private static final EventJson JSON = new EventJson();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    // Runs on escaped text, so a URL ends before any escaped markup character.
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"&]+(?:&amp;[^\\s<>\"&]+)*");

    private InboxPage() {
    }

    static String html(Recent<Mail> mails, Recent<WebhookCall> calls, ToIntFunction<String> deliveries) {
        var page = new StringBuilder(16_384);
        page.append("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>UrbanOps local inbox</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:72rem}
                table{border-collapse:collapse;width:100%;margin-bottom:2rem}
                th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
                pre{white-space:pre-wrap;word-break:break-word;margin:0;max-height:24rem;overflow:auto}
                .ok{color:#060}.bad{color:#a00;font-weight:bold}.muted{color:#666}
                </style></head><body>
                <h1>UrbanOps local inbox</h1>
                <p class="muted">Mails alerting-service sent to the local SMTP sink and webhook calls the local receiver
                got, newest first; refreshes every 5 s. JSON: <a href="/api/mail">/api/mail</a>,
                <a href="/api/webhooks">/api/webhooks</a>.</p>
                """);
        page.append("<h2>Mail</h2>").append(counts(mails));
        var mailList = mails.newestFirst();
        if (mailList.isEmpty()) {
            page.append("<p>No mail yet.</p>");
        } else {
            page.append("<table><tr><th>received</th><th>to</th><th>subject / body</th></tr>");
            for (Mail mail : mailList) {
                page.append("<tr><td>").append(TIME.format(mail.receivedAt())).append("</td><td>")
                        .append(escape(mail.recipient())).append("<div class=\"muted\">from ")
                        .append(escape(mail.from())).append("</div></td><td><strong>").append(escape(mail.subject()))
                        .append("</strong><pre>").append(linked(mail.body())).append("</pre></td></tr>");
            }
            page.append("</table>");
        }
        page.append("<h2>Webhook calls</h2>").append(counts(calls));
        var callList = calls.newestFirst();
        if (callList.isEmpty()) {
            page.append("<p>No webhook call yet.</p>");
        } else {
            page.append("<table><tr><th>received</th><th>signature</th><th>headers</th><th>body</th></tr>");
            for (WebhookCall call : callList) {
                int times = call.valid() ? deliveries.applyAsInt(call.webhookId()) : 1;
                page.append("<tr><td>").append(TIME.format(call.receivedAt())).append("<div class=\"muted\">")
                        .append(escape(call.path())).append("</div>")
                        .append(times > 1 ? "<div>delivered " + times + " times (kept once)</div>" : "")
                        .append("</td><td class=\"").append(call.valid() ? "ok" : "bad").append("\">")
                        .append(escape(call.verdict())).append("</td><td><pre>");
                call.headers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(header -> page
                        .append(escape(header.getKey())).append(": ").append(escape(header.getValue())).append('\n'));
                page.append("</pre></td><td><pre>").append(escape(pretty(call.body()))).append("</pre></td></tr>");
            }
            page.append("</table>");
        }
        return page.append("</body></html>\n").toString();
    }

    static String mailJson(Recent<Mail> mails) {
        return JSON.writeString(document(mails, mails.newestFirst()));
    }

    static String webhooksJson(Recent<WebhookCall> calls, ToIntFunction<String> deliveries) {
        List<Map<String, Object>> items = calls.newestFirst().stream().map(call -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("webhookId", call.webhookId());
            item.put("receivedAt", call.receivedAt());
            item.put("path", call.path());
            item.put("signatureValid", call.valid());
            item.put("verdict", call.verdict());
            item.put("deliveries", call.valid() ? deliveries.applyAsInt(call.webhookId()) : 1);
            item.put("headers", call.headers());
            item.put("body", call.body());
            return item;
        }).toList();
        return JSON.writeString(document(calls, items));
    }

    private static Map<String, Object> document(Recent<?> log, List<?> items) {
        var document = new LinkedHashMap<String, Object>();
        document.put("total", log.total());
        document.put("kept", items.size());
        document.put("capacity", log.capacity());
        document.put("items", items);
        return document;
    }

    private static String counts(Recent<?> log) {
        return "<p class=\"muted\">%d received%s (the last %d are kept).</p>".formatted(log.total(),
                log.dropped() > 0 ? ", " + log.dropped() + " older ones dropped" : "", log.capacity());
    }

    /** A JSON body indented for reading; any other body as it came. */
    private static String pretty(String body) {
        try {
            var tree = JSON.mapper().readTree(body);
            return (tree.isObject() || tree.isArray()) ? JSON.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree) : body;
        } catch (RuntimeException notJson) {
            return body;
        }
    }

    private static String linked(String text) {
        return URL.matcher(escape(text)).replaceAll(match -> "<a href=\"" + match.group() + "\">" + match.group() + "</a>");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
