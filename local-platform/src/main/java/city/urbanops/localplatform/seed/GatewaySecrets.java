package city.urbanops.localplatform.seed;

import city.urbanops.events.registry.GatewayTokens;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The simulated gateways' secrets, as the device registry would issue them ({@link GatewayTokens}): generated once per
 * gateway and kept in a file only the user can read, so a restarted platform re-seeds the same credentials. The
 * plaintext goes only to that file and to edge-gateway's configuration; the registry topic gets the hash.
 */
public final class GatewaySecrets {

    private final Map<String, String> byGateway;

    private GatewaySecrets(Map<String, String> byGateway) {
        this.byGateway = Map.copyOf(byGateway);
    }

    /** The secrets in {@code file}, with one generated (and saved) for every gateway that has none yet. */
    public static GatewaySecrets loadOrCreate(Path file, List<String> gatewayIds, SecureRandom random) {
        var secrets = new TreeMap<String, String>();
        try {
            if (Files.exists(file)) {
                var stored = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    stored.load(in);
                }
                stored.stringPropertyNames().forEach(id -> secrets.put(id, stored.getProperty(id)));
            }
            boolean added = false;
            for (String gatewayId : gatewayIds) {
                if (!secrets.containsKey(gatewayId)) {
                    secrets.put(gatewayId, GatewayTokens.generate(random));
                    added = true;
                }
            }
            if (added) {
                save(file, secrets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the gateway secrets in " + file, e);
        }
        var planned = new LinkedHashMap<String, String>();
        gatewayIds.forEach(id -> planned.put(id, secrets.get(id)));
        return new GatewaySecrets(planned);
    }

    /** Secrets given by the caller (tests). */
    public static GatewaySecrets of(Map<String, String> byGateway) {
        return new GatewaySecrets(byGateway);
    }

    public String secretOf(String gatewayId) {
        String secret = byGateway.get(gatewayId);
        if (secret == null) {
            throw new IllegalArgumentException("no secret for gateway " + gatewayId);
        }
        return secret;
    }

    private static void save(Path file, Map<String, String> secrets) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        var properties = new Properties();
        properties.putAll(secrets);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Secrets of the simulated gateways (plaintext: keep this file private)");
        }
    }

    @Override
    public String toString() {
        return "GatewaySecrets" + byGateway.keySet();
    }
}
