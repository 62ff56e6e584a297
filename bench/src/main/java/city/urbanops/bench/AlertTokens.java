package city.urbanops.bench;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The numbers of one run's alerts named in a webhook body: each alert event of the run carries {@code <run>-<n>} in
 * its condition key, device id and title, so the body names it whichever of those fields it lists, once or several
 * times, and another run's alerts are not counted.
 */
record AlertTokens(String runId, Pattern pattern) {

    static AlertTokens of(String runId) {
        if (!runId.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("a run id is lower-case letters and digits, was " + runId);
        }
        // Not preceded by a letter or digit: run "ab1" must not match inside run "xab1".
        return new AlertTokens(runId, Pattern.compile("(?<![a-z0-9])" + runId + "-([0-9]+)(?![0-9])"));
    }

    String token(int n) {
        return runId + "-" + n;
    }

    Set<Integer> named(String body) {
        var numbers = new TreeSet<Integer>();
        var matcher = pattern.matcher(body);
        while (matcher.find()) {
            numbers.add(Integer.valueOf(matcher.group(1)));
        }
        return numbers;
    }
}
