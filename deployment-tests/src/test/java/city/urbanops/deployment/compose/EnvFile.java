package city.urbanops.deployment.compose;

import city.urbanops.deployment.Repository;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A compose {@code .env} file: NAME=value lines; comments and blank lines skipped. */
final class EnvFile {

    private EnvFile() {
    }

    static Map<String, String> read(Path path) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Repository.read(path).lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalStateException(path + ": not NAME=value: " + line);
            }
            variables.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return variables;
    }
}
