package city.urbanops.ingestion.status;

import city.urbanops.events.codec.EventJson;
import city.urbanops.events.gateway.GatewayStatusEvent.Connectivity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a gateway said on its status topic. Gateways publish {@code {"connectivity":"ONLINE"|"OFFLINE", ...}} (the
 * last will says OFFLINE); plain {@code online}/{@code offline} and the fields {@code status} or {@code state} are
 * understood too. Anything else still proves the gateway is connected, so it reads as ONLINE.
 */
record StatusReport(Connectivity connectivity, String detail) {

    static final int MAX_DETAIL_CHARS = 256;
    private static final List<String> FIELDS = List.of("connectivity", "status", "state");

    static StatusReport parse(ByteBuffer payload, EventJson json) {
        var bytes = new byte[Math.min(payload.remaining(), 4096)];
        payload.duplicate().get(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        String detail = text.length() > MAX_DETAIL_CHARS ? text.substring(0, MAX_DETAIL_CHARS) : text;
        String word = text;
        if (text.startsWith("{")) {
            word = fieldOf(bytes, json);
        }
        return new StatusReport(connectivityOf(word), detail.isEmpty() ? null : detail);
    }

    private static String fieldOf(byte[] bytes, EventJson json) {
        try {
            JsonNode node = json.readTree(bytes);
            for (String field : FIELDS) {
                JsonNode value = node.get(field);
                if (value != null && value.isString()) {
                    return value.stringValue();
                }
            }
        } catch (JacksonException notJson) {
            // Truncated or free-form: the report still shows the gateway is connected.
        }
        return "";
    }

    private static Connectivity connectivityOf(String word) {
        return "offline".equals(word.strip().toLowerCase(Locale.ROOT)) ? Connectivity.OFFLINE : Connectivity.ONLINE;
    }
}
