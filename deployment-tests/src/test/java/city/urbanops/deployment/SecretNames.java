package city.urbanops.deployment;

import java.util.regex.Pattern;

/** Which names (environment variables, settings) hold a secret, judged by the name as a reviewer would. */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY).*");

    private SecretNames() {
    }

    public static boolean holdsSecret(String name) {
        return SECRET.matcher(name).matches();
    }
}
