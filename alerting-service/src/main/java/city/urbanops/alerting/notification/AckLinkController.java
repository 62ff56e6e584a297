package city.urbanops.alerting.notification;

import city.urbanops.alerting.alert.Alert;
import city.urbanops.alerting.alert.AlertActions;
import city.urbanops.alerting.alert.AlertStateConflict;
import city.urbanops.alerting.alert.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The acknowledge link of a notification: {@code GET} shows what will be acknowledged and a button, {@code POST}
 * acknowledges as {@code link:<recipient>}. Open to anyone holding the token and nothing else. Forged (400),
 * expired (410), already used or no longer open (409) each get a page saying so, a metric and a log line, never
 * with the token in it.
 */
@RestController
class AckLinkController {

    private static final Logger log = LoggerFactory.getLogger(AckLinkController.class);

    private final AckLinks links;
    private final AlertActions actions;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final NotificationMetrics metrics;
    private final Clock clock;

    AckLinkController(AckLinks links, AlertActions actions, JdbcClient jdbc, TransactionTemplate transactions,
                      NotificationMetrics metrics, Clock clock) {
        this.links = links;
        this.actions = actions;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    @GetMapping("/ack/{token}")
    ResponseEntity<String> confirm(@PathVariable String token) {
        return switch (links.check(token, clock.instant())) {
            case AckLinks.Verdict.Forged f -> forged();
            case AckLinks.Verdict.Expired e -> expired(e.claim());
            case AckLinks.Verdict.Genuine g -> {
                if (used(g.claim())) {
                    yield replayed(g.claim());
                }
                Optional<Alert> alert = actions.find(g.claim().alertId());
                if (alert.isEmpty()) {
                    yield unknown(g.claim());
                }
                if (alert.get().status() != AlertStatus.OPEN) {
                    yield notOpen(g.claim(), alert.get().status());
                }
                yield page(HttpStatus.OK, AckPages.confirm(alert.get(), "/ack/" + token));
            }
        };
    }

    @PostMapping("/ack/{token}")
    ResponseEntity<String> acknowledge(@PathVariable String token) {
        return switch (links.check(token, clock.instant())) {
            case AckLinks.Verdict.Forged f -> forged();
            case AckLinks.Verdict.Expired e -> expired(e.claim());
            case AckLinks.Verdict.Genuine g -> consume(g.claim());
        };
    }

    private ResponseEntity<String> consume(AckLinks.Claim claim) {
        try {
            // Using the token and acknowledging commit together: a refused acknowledgement leaves the token unused.
            Alert acknowledged = transactions.execute(tx -> {
                int fresh = jdbc.sql("""
                        insert into ack_token_used (token_digest, alert_id, recipient, used_at) values (?, ?, ?, ?)
                        on conflict (token_digest) do nothing""")
                        .params(claim.digest(), claim.alertId(), claim.recipient(), Timestamp.from(clock.instant()))
                        .update();
                return fresh == 0 ? null : actions.acknowledge(claim.alertId(), "link:" + claim.recipient(),
                        "acknowledged from the notification link");
            });
            if (acknowledged == null) {
                return replayed(claim);
            }
            metrics.ackLink(NotificationMetrics.AckOutcome.ACKNOWLEDGED);
            log.info("Alert {} acknowledged by link of {}", claim.alertId(), claim.recipient());
            return page(HttpStatus.OK, AckPages.acknowledged(acknowledged));
        } catch (AlertStateConflict conflict) {
            return notOpen(claim, conflict.status());
        } catch (NoSuchElementException missing) {
            return unknown(claim);
        }
    }

    private boolean used(AckLinks.Claim claim) {
        return jdbc.sql("select count(*) from ack_token_used where token_digest = ?").param(claim.digest())
                .query(Long.class).single() > 0;
    }

    private ResponseEntity<String> forged() {
        metrics.ackLink(NotificationMetrics.AckOutcome.FORGED);
        log.warn("Acknowledge link refused: forged or malformed token");
        return page(HttpStatus.BAD_REQUEST, AckPages.message("This link is not valid",
                "The acknowledge link is damaged or was not issued by UrbanOps. Open the alert in the console "
                        + "instead."));
    }

    private ResponseEntity<String> expired(AckLinks.Claim claim) {
        metrics.ackLink(NotificationMetrics.AckOutcome.EXPIRED);
        log.info("Acknowledge link refused: expired at {} (alert {}, recipient {})", claim.expiresAt(),
                claim.alertId(), claim.recipient());
        return page(HttpStatus.GONE, AckPages.message("This link has expired",
                "The acknowledge link expired at " + claim.expiresAt() + ". Open the alert in the console instead."));
    }

    private ResponseEntity<String> replayed(AckLinks.Claim claim) {
        metrics.ackLink(NotificationMetrics.AckOutcome.REPLAYED);
        log.info("Acknowledge link refused: already used (alert {}, recipient {})", claim.alertId(),
                claim.recipient());
        return page(HttpStatus.CONFLICT, AckPages.message("This link was already used",
                "Each acknowledge link works once, and this one has been used."));
    }

    private ResponseEntity<String> notOpen(AckLinks.Claim claim, AlertStatus status) {
        metrics.ackLink(NotificationMetrics.AckOutcome.CONFLICT);
        log.info("Acknowledge link refused: alert {} is {} (recipient {})", claim.alertId(), status,
                claim.recipient());
        String what = status == AlertStatus.RESOLVED ? "resolved" : "already acknowledged";
        return page(HttpStatus.CONFLICT, AckPages.message("This alert is " + what,
                "Nothing to acknowledge: the alert is " + what + "."));
    }

    private ResponseEntity<String> unknown(AckLinks.Claim claim) {
        metrics.ackLink(NotificationMetrics.AckOutcome.UNKNOWN_ALERT);
        log.warn("Acknowledge link refused: alert {} does not exist", claim.alertId());
        return page(HttpStatus.NOT_FOUND, AckPages.message("Alert not found", "This alert no longer exists."));
    }

    private static ResponseEntity<String> page(HttpStatus status, String html) {
        // no-referrer: the token is in this page's URL and must not travel to the map link or anywhere else.
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store").body(html);
    }
}
