package city.urbanops.events.codec;

import city.urbanops.events.alert.AlertEvent;
import city.urbanops.events.alert.AlertLifecycleEvent;
import city.urbanops.events.audit.AuditAnchor;
import city.urbanops.events.audit.AuditEvent;
import city.urbanops.events.command.CommandResult;
import city.urbanops.events.command.GatewayCommand;
import city.urbanops.events.gateway.GatewayStatusEvent;
import city.urbanops.events.registry.DeviceRecord;
import city.urbanops.events.registry.GatewayCredentials;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import city.urbanops.events.uplink.UplinkBatch;
import java.net.URI;

/** Each record of the event model with its CloudEvents type and the JSON Schema its data conforms to. */
public enum EventType {
    UPLINK_BATCH(UplinkBatch.class, "city.urbanops.uplink.batch.v1", "uplink-batch.json"),
    TELEMETRY(TelemetryRecord.class, "city.urbanops.telemetry.reading.v1", "telemetry-record.json"),
    REJECTED(RejectedTelemetry.class, "city.urbanops.telemetry.rejected.v1", "rejected-telemetry.json"),
    DEVICE(DeviceRecord.class, "city.urbanops.registry.device.v1", "device-record.json"),
    GATEWAY_CREDENTIALS(GatewayCredentials.class, "city.urbanops.registry.gateway-credentials.v1",
            "gateway-credentials.json"),
    GATEWAY_STATUS(GatewayStatusEvent.class, "city.urbanops.gateway.status.v1", "gateway-status.json"),
    ALERT(AlertEvent.class, "city.urbanops.alert.v1", "alert-event.json"),
    ALERT_LIFECYCLE(AlertLifecycleEvent.class, "city.urbanops.alert.lifecycle.v1", "alert-lifecycle-event.json"),
    GATEWAY_COMMAND(GatewayCommand.class, "city.urbanops.gateway.command.v1", "gateway-command.json"),
    COMMAND_RESULT(CommandResult.class, "city.urbanops.gateway.command-result.v1", "command-result.json"),
    AUDIT(AuditEvent.class, "city.urbanops.audit.v1", "audit-event.json"),
    AUDIT_ANCHOR(AuditAnchor.class, "city.urbanops.audit.anchor.v1", "audit-anchor.json");

    /** Schemas are versioned by folder; a breaking change adds {@code v2} beside {@code v1}. */
    public static final String SCHEMA_VERSION = "v1";

    private final Class<?> recordType;
    private final String ceType;
    private final String schemaFile;

    EventType(Class<?> recordType, String ceType, String schemaFile) {
        this.recordType = recordType;
        this.ceType = ceType;
        this.schemaFile = schemaFile;
    }

    public Class<?> recordType() {
        return recordType;
    }

    /** The {@code ce_type} header value. */
    public String ceType() {
        return ceType;
    }

    /** Classpath resource of the JSON Schema. */
    public String schemaResource() {
        return "schemas/" + SCHEMA_VERSION + "/" + schemaFile;
    }

    /** The {@code ce_dataschema} header value. */
    public URI dataSchema() {
        return URI.create("https://schemas.urbanops.city/" + SCHEMA_VERSION + "/" + schemaFile);
    }
}
