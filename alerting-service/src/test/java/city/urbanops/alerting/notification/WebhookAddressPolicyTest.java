package city.urbanops.alerting.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookAddressPolicyTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A resolver answering {@code host} with the next of {@code answers} at every lookup (a rebinding name). */
    private static WebhookAddressPolicy.Resolver rebinding(String host, List<List<String>> answers) {
        Deque<List<String>> queue = new ArrayDeque<>(answers);
        return name -> {
            if (!name.equals(host) || queue.isEmpty()) {
                throw new UnknownHostException(name);
            }
            return queue.poll().stream().map(WebhookAddressPolicyTest::ip).toArray(InetAddress[]::new);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.0.0.5", "172.16.0.1", "172.31.255.254",
            "192.168.1.20", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "224.0.0.1", "ff02::1",
            "0.0.0.0", "::", "100.64.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
            "64:ff9b::a9fe:a9fe"})
    void addressesInsideTheNetworkAreNotPublic(String address) {
        assertThat(WebhookAddressPolicy.notPublic(ip(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "::ffff:8.8.8.8"})
    void publicAddressesArePublic(String address) {
        assertThat(WebhookAddressPolicy.notPublic(ip(address))).isFalse();
    }

    @Test
    void aNameThatRebindsToLoopbackAfterItsCheckIsRefusedAtTheNextCheck() {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(false, rebinding("hooks.example.org",
                List.of(List.of("93.184.215.14"), List.of("93.184.215.14", "127.0.0.1"))));

        assertThat(policy.refusal("https://hooks.example.org/alerts")).as("at creation").isEmpty();
        assertThat(policy.refusal("https://hooks.example.org/alerts")).as("at send time, rebound")
                .hasValueSatisfying(reason -> assertThat(reason).contains("hooks.example.org").contains("127.0.0.1"));
    }

    @Test
    void everyResolvedAddressIsCheckedNotOnlyTheFirst() {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(false, rebinding("mixed.example.org",
                List.of(List.of("8.8.8.8", "169.254.169.254"))));
        assertThat(policy.refusal("http://mixed.example.org/")).hasValueSatisfying(
                reason -> assertThat(reason).contains("169.254.169.254"));
    }

    @Test
    void anUnresolvableHostOrAnotherSchemeIsRefused() {
        WebhookAddressPolicy policy = new WebhookAddressPolicy(false, rebinding("x", List.of()));
        assertThat(policy.refusal("https://nowhere.example.org/")).hasValueSatisfying(
                reason -> assertThat(reason).contains("does not resolve"));
        assertThat(policy.refusal("ftp://93.184.215.14/")).hasValue("must be an http or https URL");
        assertThat(policy.refusal("file:///etc/passwd")).hasValue("must be an http or https URL");
    }

    @Test
    void privateAddressesAreAllowedOnlyWhenTheSettingSaysSo() {
        WebhookAddressPolicy allowing = new WebhookAddressPolicy(true, name -> {
            throw new AssertionError("no lookup needed when private addresses are allowed");
        });
        assertThat(allowing.refusal("http://127.0.0.1:9000/hooks")).isEmpty();
        assertThat(allowing.refusal("gopher://127.0.0.1/")).isPresent();
    }
}
