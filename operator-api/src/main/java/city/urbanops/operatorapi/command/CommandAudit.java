package city.urbanops.operatorapi.command;

import city.urbanops.events.audit.AuditEvent;
import city.urbanops.operatorapi.audit.AuditTrail;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Writes commands' entries into the audit log, in the caller's transaction. */
@Component
class CommandAudit {

    static final String SOURCE = "operator-api";

    private final AuditTrail trail;

    CommandAudit(AuditTrail trail) {
        this.trail = trail;
    }

    /** {@code command.<verb>} for {@code command}, event id {@code command:<id>:<verb>}. */
    void command(StoredCommand command, String verb, String actor, Instant at, String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("type", command.type().name());
        details.put("gatewayId", command.gatewayId());
        if (command.deviceId() != null) {
            details.put("deviceId", command.deviceId());
        }
        command.parameters().forEach((name, value) -> details.put("parameters." + name, value));
        if (reason != null) {
            details.put("reason", reason);
        }
        trail.record(new AuditEvent("command:" + command.id() + ":" + verb, SOURCE, at, actor, "command." + verb,
                "command", command.id().toString(), command.department(), command.district(), details));
    }

    /** {@code command-flag.changed}, with the old and the new value. */
    void flag(EffectiveFlag before, EffectiveFlag after) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("old", before.enabled() ? "enabled" : "disabled");
        details.put("oldSource", before.source());
        details.put("new", after.enabled() ? "enabled" : "disabled");
        details.put("reason", after.reason());
        String target = after.type() + ":" + after.department() + ":" + after.district();
        trail.record(new AuditEvent("command-flag:" + target + ":" + after.changedAt(), SOURCE,
                after.changedAt(), after.changedBy(), "command-flag.changed", "command-flag", target,
                after.department(), CommandFlags.WHOLE_DEPARTMENT.equals(after.district()) ? null : after.district(),
                details));
    }
}
