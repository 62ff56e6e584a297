package city.urbanops.operatorapi.live;

import city.urbanops.security.AccessScope;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Turns a {@link LiveHub.Subscription} into a server-sent event stream: one virtual thread per stream takes events
 * from the subscriber's queue and writes them ({@code id:} = the hub's epoch and the event's sequence), a comment after a quiet
 * heartbeat, and ends the stream when the subscriber was dropped (it reconnects with Last-Event-ID) or went away.
 */
@Component
public class LiveStreams {

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    private final LiveHub hub;
    private final LiveProperties properties;

    LiveStreams(LiveHub hub, LiveProperties properties) {
        this.hub = hub;
        this.properties = properties;
    }

    public SseEmitter open(AccessScope scope, String lastEventId) {
        LiveHub.Subscription subscription = hub.subscribe(scope, sequenceOf(lastEventId));
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Thread sender = Thread.ofVirtual().name("live-stream").unstarted(() -> send(subscription, emitter));
        emitter.onCompletion(() -> stop(subscription, sender));
        emitter.onTimeout(() -> stop(subscription, sender));
        emitter.onError(e -> stop(subscription, sender));
        sender.start();
        return emitter;
    }

    /** An SSE id is {@code <hub epoch>.<sequence>}. */
    private String id(long sequence) {
        return hub.epoch() + "." + sequence;
    }

    /** The sequence a Last-Event-ID names; one that is not this hub's asks for a reload (never a wrong replay). */
    private Optional<Long> sequenceOf(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Optional.empty();
        }
        String id = lastEventId.strip();
        String prefix = hub.epoch() + ".";
        if (id.startsWith(prefix)) {
            try {
                return Optional.of(Long.parseLong(id.substring(prefix.length())));
            } catch (NumberFormatException notANumber) {
                // falls through: not one of ours
            }
        }
        return Optional.of(Long.MAX_VALUE);
    }

    private void stop(LiveHub.Subscription subscription, Thread sender) {
        hub.unsubscribe(subscription);
        sender.interrupt();
    }

    private void send(LiveHub.Subscription subscription, SseEmitter emitter) {
        try {
            if (subscription.reset()) {
                emitter.send(SseEmitter.event().name("reset").id(id(hub.lastSequence()))
                        .data("{\"reason\":\"events since your last one are no longer held; reload the page\"}",
                                MediaType.APPLICATION_JSON));
            } else {
                emitter.send(SseEmitter.event().comment("live"));
            }
            while (!Thread.currentThread().isInterrupted()) {
                LiveEvent event = subscription.queue().poll(properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                if (event != null) {
                    emitter.send(SseEmitter.event().name(event.name()).id(id(event.sequence()))
                            .data(event.data(), MediaType.APPLICATION_JSON));
                } else if (subscription.dropped()) {
                    emitter.complete();
                    return;
                } else {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | IllegalStateException e) {
            log.debug("Live stream ended: {}", e.getMessage());
            hub.unsubscribe(subscription);
        }
    }
}
