package city.urbanops.localplatform.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks that the ports the platform needs are free before anything starts. */
public final class Ports {

    private Ports() {
    }

    /** Fails with one message naming every port in use and what it was meant for. */
    public static void requireFree(Map<Integer, String> needed) {
        List<String> busy = needed.entrySet().stream()
                .filter(entry -> inUse(entry.getKey()))
                .map(entry -> "  port " + entry.getKey() + " (" + entry.getValue() + ")")
                .toList();
        if (!busy.isEmpty()) {
            throw new IllegalStateException("These ports are already in use by another program:%n%s%n"
                    .formatted(String.join(System.lineSeparator(), busy))
                    + "Stop what uses them (e.g. `ss -ltnp | grep <port>`) and start again.");
        }
    }

    public static boolean inUse(int port) {
        try (var probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException nobodyListens) {
            // Nothing accepts on loopback; also try to bind, which catches listeners on other addresses.
        }
        try (var server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException bound) {
            return true;
        }
    }

    public static Map<Integer, String> of(Object... portAndPurpose) {
        var map = new LinkedHashMap<Integer, String>();
        for (int i = 0; i < portAndPurpose.length; i += 2) {
            map.put((Integer) portAndPurpose[i], (String) portAndPurpose[i + 1]);
        }
        return map;
    }
}
