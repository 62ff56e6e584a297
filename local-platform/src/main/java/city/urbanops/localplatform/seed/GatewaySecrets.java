package city.urbanops.localplatform.seed;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The simulated gateways' secrets as the device registry issued them, each with the registry's non-secret id of it,
 * kept in a file only the user can read: the launcher is the gateways' configuration store, as a real gateway's own
 * storage would be. A restarted platform reuses a secret the registry still accepts and asks for a new one otherwise.
 */
public final class GatewaySecrets {

    private static final String CREDENTIAL_SUFFIX = ".credential";

    /** One issued secret and the registry's id of it. */
    public record Issued(String credentialId, String secret) {
        @Override
        public String toString() {
            return "Issued[" + credentialId + "]";
        }
    }

    private final Path file;
    private final Map<String, Issued> byGateway;

    private GatewaySecrets(Path file, Map<String, Issued> byGateway) {
        this.file = file;
        this.byGateway = byGateway;
    }

    /** The secrets kept in {@code file} (none if it does not exist yet). */
    public static GatewaySecrets load(Path file) {
        var issued = new TreeMap<String, Issued>();
        if (Files.exists(file)) {
            var stored = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the gateway secrets in " + file, e);
            }
            for (String gatewayId : stored.stringPropertyNames()) {
                String credentialId = stored.getProperty(gatewayId + CREDENTIAL_SUFFIX);
                if (!gatewayId.endsWith(CREDENTIAL_SUFFIX) && credentialId != null) {
                    issued.put(gatewayId, new Issued(credentialId, stored.getProperty(gatewayId)));
                }
            }
        }
        return new GatewaySecrets(file, issued);
    }

    public Optional<Issued> issuedTo(String gatewayId) {
        return Optional.ofNullable(byGateway.get(gatewayId));
    }

    /** Keeps a newly issued secret, in memory and in the file. */
    public void keep(String gatewayId, Issued issued) {
        byGateway.put(gatewayId, issued);
        save();
    }

    public String secretOf(String gatewayId) {
        return issuedTo(gatewayId).map(Issued::secret)
                .orElseThrow(() -> new IllegalArgumentException("no secret for gateway " + gatewayId));
    }

    private void save() {
        var properties = new Properties();
        byGateway.forEach((gatewayId, issued) -> {
            properties.put(gatewayId, issued.secret());
            properties.put(gatewayId + CREDENTIAL_SUFFIX, issued.credentialId());
        });
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "Secrets the device registry issued to the simulated gateways (keep private)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gateway secrets to " + file, e);
        }
    }

    @Override
    public String toString() {
        return "GatewaySecrets" + byGateway.keySet();
    }
}
