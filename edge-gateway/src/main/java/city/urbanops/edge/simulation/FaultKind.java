package city.urbanops.edge.simulation;

/**
 * A fault the simulation can play that is not a real-world incident: a broken sensor or a broken link. The platform
 * must tell these apart from incidents (a device fault, a network fault), so the simulated city can produce them.
 */
public enum FaultKind {
    /** One device's numeric measurements flat-line at the values they had when the fault began. */
    STUCK_SENSOR(Target.DEVICE),
    /**
     * One gateway's backhaul is cut: its MQTT connection drops without DISCONNECT and cannot be re-established; the
     * gateway keeps sampling and buffers (within its bounded queue), then reconnects and delivers when the fault ends.
     */
    UPLINK_LOSS(Target.GATEWAY),
    /**
     * A district loses power: every gateway there drops its connection the same way, and its devices are dark, so
     * nothing is sampled (and nothing replayed) for the duration.
     */
    POWER_LOSS(Target.DISTRICT);

    /** What a fault is played on, and the request field that names it. */
    public enum Target {
        DEVICE("deviceId"),
        GATEWAY("gatewayId"),
        DISTRICT("district");

        private final String field;

        Target(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final Target target;

    FaultKind(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }
}
