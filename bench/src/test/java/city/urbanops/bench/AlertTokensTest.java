package city.urbanops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlertTokensTest {

    private final AlertTokens tokens = AlertTokens.of("ab1x");

    @Test
    void aGroupedWebhookNamesEachOfItsAlertsOnceWhicheverFieldsCarryThem() {
        String body = """
                {"type":"alerts.notification","alerts":[
                  {"id":"5b0c…","conditionKey":"bench:ab1x-12","title":"Bench alert ab1x-12","deviceId":"ab1x-12"},
                  {"id":"77aa…","occurrenceId":"bench:ab1x-123@2026-11-30T14:00:00Z"},
                  {"id":"9f01…","title":"Bench alert ab1x-7"}]}""";

        assertThat(tokens.named(body)).containsExactly(7, 12, 123);
    }

    @Test
    void anotherRunsAlertsAreNotCounted() {
        assertThat(tokens.named("{\"conditionKey\":\"bench:xab1x-5\",\"title\":\"ab1y-6\"}")).isEmpty();
    }

    @Test
    void theTokenOfAnAlertIsWhatIsFound() {
        assertThat(tokens.named("{\"deviceId\":\"" + tokens.token(999_999_999) + "\"}")).containsExactly(999_999_999);
    }

    @Test
    void aRunIdIsLowerCaseLettersAndDigits() {
        assertThatThrownBy(() -> AlertTokens.of("a-b")).hasMessageContaining("lower-case letters and digits");
    }
}
