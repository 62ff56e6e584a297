package city.urbanops.ingestion.uplink;

import city.urbanops.events.telemetry.RejectReason;
import city.urbanops.events.telemetry.RejectedTelemetry;
import city.urbanops.events.telemetry.TelemetryRecord;
import java.util.List;

/** What ingestion decided about one MQTT message on a gateway's uplink topic. */
public sealed interface UplinkOutcome {

    /** The whole message is refused: only its dead letter is written, and the gateway must not send it again. */
    record Refused(RejectedTelemetry deadLetter) implements UplinkOutcome {

        public RejectReason reason() {
            return deadLetter.reason();
        }
    }

    /**
     * The message is a well-formed batch: {@code accepted} readings go to their class topics, {@code rejected}
     * readings (each with its own reason) to the dead letter.
     */
    record Processed(List<TelemetryRecord> accepted, List<RejectedTelemetry> rejected) implements UplinkOutcome {

        public Processed {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
        }
    }
}
