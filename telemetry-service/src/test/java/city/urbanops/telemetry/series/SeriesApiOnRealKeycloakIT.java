package city.urbanops.telemetry.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import city.urbanops.events.EventClass;
import city.urbanops.events.uplink.Measurement;
import city.urbanops.telemetry.directory.DeviceDirectory;
import city.urbanops.telemetry.support.TelemetryServiceIT;
import city.urbanops.testkit.keycloak.KeycloakServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The series API's identity and scope checks with tokens issued by a real Keycloak (city realm): the project's
 * proof that platform-security works against Keycloak itself.
 */
class SeriesApiOnRealKeycloakIT extends TelemetryServiceIT {

    @Autowired
    DeviceDirectory directory;

    @Test
    void requestWithoutTokenIs401ProblemJson() {
        HttpResponse<String> response = get(seriesPath("any-device", "measurement=pm2_5"), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asString()).isEqualTo("https://urbanops.city/problems/unauthenticated");
    }

    @Test
    void technicianReadsADeviceOfItsDepartmentAndDistrict() {
        String device = storedDeviceIn("water", "north");

        HttpResponse<String> response = get(seriesPath(device, "measurement=leak_flow&from=" + hourAgo()),
                tokenOf("technician"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("points").size()).isEqualTo(1);
    }

    @Test
    void technicianGetsTheSame404ForAnOutOfScopeDeviceAndForAnUnknownOne() {
        String otherDistrict = storedDeviceIn("water", "south");
        String otherDepartment = storedDeviceIn("transport", "north");
        String technician = tokenOf("technician");

        for (String device : new String[] {otherDistrict, otherDepartment, "never-registered-device"}) {
            HttpResponse<String> response = get(seriesPath(device, "measurement=leak_flow"), technician);
            assertThat(response.statusCode()).as(device).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString()).isEqualTo("https://urbanops.city/problems/not-found");
        }
    }

    @Test
    void operatorScopedToTransportReadsTransportDevicesInEveryDistrict() {
        String device = storedDeviceIn("transport", "east");

        assertThat(get(seriesPath(device, "measurement=leak_flow&from=" + hourAgo()), tokenOf("operator"))
                .statusCode()).isEqualTo(200);
        assertThat(get(seriesPath(storedDeviceIn("water", "east"), "measurement=leak_flow"), tokenOf("operator"))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void integratorServiceAccountReadsItsDepartmentWithAClientCredentialsToken() {
        String device = storedDeviceIn("environment", "west");

        HttpResponse<String> response = get(seriesPath(device, "measurement=leak_flow&from=" + hourAgo()),
                KeycloakServer.shared().clientCredentialsToken());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void unrestrictedAnalystReadsAnyDeviceEvenOneTheDirectoryHasNotSeen() {
        HttpResponse<String> response = get(seriesPath("not-in-directory", "measurement=pm2_5"), tokenOf("analyst"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("points").size()).isZero();
    }

    @Test
    void fromAfterToIs400NamingFrom() {
        HttpResponse<String> response = get(seriesPath("any-device",
                "measurement=pm2_5&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), tokenOf("analyst"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("https://urbanops.city/problems/invalid-request");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("from");
        assertThat(problem.get("detail").asString()).contains("'from'");
    }

    @Test
    void unparseableInstantTooSmallBucketAndTooLongRawRangeAreEachNamed() {
        String analyst = tokenOf("analyst");

        assertThat(firstField(get(seriesPath("d", "measurement=pm2_5&to=tomorrow"), analyst))).isEqualTo("to");
        assertThat(firstField(get(seriesPath("d", "measurement=pm2_5&bucket=PT0.1S"), analyst))).isEqualTo("bucket");
        assertThat(firstField(get(seriesPath("d", "measurement=pm2_5&from=2026-01-01T00:00:00Z"
                + "&to=2026-03-01T00:00:00Z"), analyst))).isEqualTo("from");
        assertThat(firstField(get(seriesPath("d", "from=2026-01-01T00:00:00Z"), analyst))).isEqualTo("measurement");
    }

    private String firstField(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(400);
        return json(response).get("errors").get(0).get("field").asString();
    }

    /** A registered device with one stored reading, once the directory knows it. */
    private String storedDeviceIn(String department, String district) {
        String device = newDeviceId(department + "-" + district);
        registerDevice(device, department, district);
        produce(reading(device, 1, Instant.now().minusSeconds(60), EventClass.FAILURE,
                Measurement.numeric("leak_flow", "l/min", 0.4)));
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.placement(device).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> json(get(seriesPath(device,
                "measurement=leak_flow&from=" + hourAgo()), tokenOf("admin"))).get("points").size() == 1);
        return device;
    }

    private static Instant hourAgo() {
        return Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    }
}
