package city.urbanops.ingestion.edge;

/**
 * What the MQTT edge refused before handling it, as the {@code reason} tag of {@code urbanops.ingestion.refusals}:
 * CONNECTs without valid credentials, SUBSCRIBEs outside the gateway's own downlink tree, and what holding could let
 * clients grow the heap. (A PUBLISH on a topic not the gateway's own is dead-lettered as {@code TOPIC} and counted in
 * {@code urbanops.ingestion.rejects}.)
 */
enum Refusal {
    /** PUBACK 0x97: the in-flight budget had no room for the PUBLISH; the gateway keeps the batch and retries. */
    IN_FLIGHT_BUDGET("in_flight_budget"),
    /** PUBACK 0x99: a status message over the status size limit; neither reported, retained nor delivered. */
    STATUS_OVERSIZED("status_oversized"),
    /** DISCONNECT 0x87: a QoS 0 PUBLISH, which has no PUBACK to slow its sender down. */
    QOS_0("qos_0"),
    /** CONNACK 0x87: a last will on any topic but the gateway's own status topic. */
    WILL_TOPIC("will_topic"),
    /** CONNACK 0x97: a last will over the status size limit. */
    WILL_OVERSIZED("will_oversized"),
    /** CONNACK 0x86: no user name or no password. */
    NO_CREDENTIALS("no_credentials"),
    /** CONNACK 0x86: a user name that is not the client id (both are the gateway id). */
    USERNAME_MISMATCH("username_mismatch"),
    /** CONNACK 0x86: the registry has no such gateway. */
    UNKNOWN_GATEWAY("unknown_gateway"),
    /** CONNACK 0x86: the password is none of the gateway's secrets. */
    WRONG_SECRET("wrong_secret"),
    /** CONNACK 0x86: the password is a secret whose rotation overlap ended. */
    EXPIRED_SECRET("expired_secret"),
    /** CONNACK 0x87: a right secret, but the gateway is provisioned and not yet active. */
    NOT_ACTIVATED("not_activated"),
    /** CONNACK 0x87: a right secret, but the gateway is suspended. */
    SUSPENDED("suspended"),
    /** CONNACK 0x8A: a right secret, but the gateway is revoked or decommissioned. */
    REVOKED("revoked"),
    /** CONNACK 0x88: the registry view was still loading after {@code registry.connect-wait}. */
    VIEW_LOADING("view_loading"),
    /** SUBACK 0x87: a SUBSCRIBE outside the gateway's own {@code down/} tree. */
    SUBSCRIBE_TOPIC("subscribe_topic");

    private final String tag;

    Refusal(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
