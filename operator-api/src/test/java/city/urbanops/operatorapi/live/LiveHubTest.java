package city.urbanops.operatorapi.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import city.urbanops.security.AccessScope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveHubTest {

    private static final AccessScope WATER_NORTH = new AccessScope(Set.of("water"), Set.of("north"));

    private static LiveHub hub(int ring, int maxSubscribers, int queue) {
        return new LiveHub(new LiveProperties(ring, maxSubscribers, queue, Duration.ofSeconds(25),
                Duration.ofMinutes(30)), new SimpleMeterRegistry());
    }

    private static List<Long> drain(LiveHub.Subscription s) {
        List<LiveEvent> events = new ArrayList<>();
        s.queue().drainTo(events);
        return events.stream().map(LiveEvent::sequence).toList();
    }

    @Test
    void subscriberReceivesOnlyEventsItsScopeAllows() {
        LiveHub hub = hub(100, 10, 10);
        var technician = hub.subscribe(WATER_NORTH, Optional.empty());
        hub.publish("alert", "water", "north", "{}");
        hub.publish("alert", "transport", "north", "{}");
        hub.publish("alert", "water", "south", "{}");
        hub.publish("gateway", null, null, "{}");
        assertThat(drain(technician)).containsExactly(1L);
        var everyone = hub.subscribe(AccessScope.unrestricted(), Optional.empty());
        hub.publish("gateway", null, null, "{}");
        assertThat(drain(everyone)).containsExactly(5L);
    }

    @Test
    void reconnectWithLastEventIdReplaysWhatCameAfterItThenNewEvents() {
        LiveHub hub = hub(100, 10, 10);
        for (int i = 0; i < 5; i++) {
            hub.publish("alert", "water", "north", "{}");
        }
        var resumed = hub.subscribe(WATER_NORTH, Optional.of(2L));
        hub.publish("alert", "water", "north", "{}");
        assertThat(resumed.reset()).isFalse();
        assertThat(drain(resumed)).containsExactly(3L, 4L, 5L, 6L);
    }

    @Test
    void lastEventIdOlderThanTheRingOrUnknownAsksForAReload() {
        LiveHub hub = hub(10, 10, 100);
        for (int i = 0; i < 25; i++) {
            hub.publish("alert", "water", "north", "{}");
        }
        assertThat(hub.subscribe(WATER_NORTH, Optional.of(14L)).reset()).isTrue();
        assertThat(hub.subscribe(WATER_NORTH, Optional.of(15L)).reset()).isFalse();
        assertThat(hub.subscribe(WATER_NORTH, Optional.of(99L)).reset()).isTrue();
    }

    @Test
    void slowSubscriberIsDroppedAndOthersKeepReceiving() {
        LiveHub hub = hub(100, 10, 10);
        var slow = hub.subscribe(WATER_NORTH, Optional.empty());
        var fast = hub.subscribe(WATER_NORTH, Optional.empty());
        for (int i = 0; i < 11; i++) {
            hub.publish("alert", "water", "north", "{}");
            drain(fast);
        }
        assertThat(slow.dropped()).isTrue();
        hub.publish("alert", "water", "north", "{}");
        assertThat(drain(fast)).containsExactly(12L);
        assertThat(slow.queue()).hasSize(10);
    }

    @Test
    void subscribersAreBounded() {
        LiveHub hub = hub(100, 2, 10);
        hub.subscribe(WATER_NORTH, Optional.empty());
        var second = hub.subscribe(WATER_NORTH, Optional.empty());
        assertThatThrownBy(() -> hub.subscribe(WATER_NORTH, Optional.empty()))
                .isInstanceOf(LiveHub.TooManySubscribers.class);
        hub.unsubscribe(second);
        assertThat(hub.subscribe(WATER_NORTH, Optional.empty())).isNotNull();
    }
}
