package city.urbanops.alerting.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which addresses a webhook may be sent to: not loopback, private (10/8, 172.16/12, 192.168/16, 100.64/10,
 * fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10), multicast, broadcast or unspecified,
 * unless {@code urbanops.alerting.webhooks.allow-private-addresses} is set. Checked when an endpoint is created (every
 * address its host resolves to) and again before every send, on a fresh resolution, so a name that resolves to an
 * outside address at creation and to an inside one later (DNS rebinding) is refused at send time. The JVM keeps a
 * successful lookup for 30 s, so the call that follows a check connects to an address the check saw.
 */
@Component
class WebhookAddressPolicy {

    /** Resolves a host name to all its addresses (the JVM's resolver; a test's own). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    @Autowired
    WebhookAddressPolicy(WebhookProperties properties) {
        this(properties.allowPrivateAddresses(), InetAddress::getAllByName);
    }

    WebhookAddressPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** Why {@code url} may not be called now, or empty when it may. Never names more than the host. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of("host " + host + " does not resolve");
        }
        List<InetAddress> refused = Arrays.stream(addresses).filter(WebhookAddressPolicy::notPublic).toList();
        if (!refused.isEmpty()) {
            return Optional.of("host " + host + " resolves to " + refused.getFirst().getHostAddress()
                    + ", a loopback, private, link-local, multicast or unspecified address, which webhooks may not "
                    + "call");
        }
        return Optional.empty();
    }

    static boolean notPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                     // 0/8 "this network"
                    || (first == 100 && second >= 64 && second < 128) // 100.64/10 carrier-grade NAT
                    || first >= 240;                               // 240/4 reserved, 255.255.255.255 broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {                            // fc00::/7 unique local
                return true;
            }
            if (isIpv4Embedded(b)) {                                // ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d
                try {
                    return notPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpv4Embedded(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mappedOrCompatible = zeroPrefix && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff
                && b[11] == (byte) 0xff));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return mappedOrCompatible || nat64;
    }
}
