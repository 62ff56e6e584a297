package city.urbanops.localplatform;

import city.urbanops.localplatform.seed.ExampleAlerting;
import java.util.Locale;

/** The text printed once everything is up: where things are and how to try them. */
final class Summary {

    private Summary() {
    }

    static String text(LocalLayout layout, LauncherSettings settings, String exampleDevice, double seconds) {
        return """

                UrbanOps is up (%s s). Ctrl-C stops everything.

                  Operator API / console   http://localhost:8080
                  Ingestion (MQTT 5)       tcp://localhost:1883      health http://localhost:8081/actuator/health
                  Telemetry API            http://localhost:8082/api/v1/telemetry
                  Device registry          http://localhost:8083
                  Rules                    http://localhost:8084
                  Alerting                 http://localhost:8085
                  Edge gateway (simulated) http://localhost:8086     %d gateways x %d devices
                  Inbox (mail + webhooks)  http://localhost:%d     SMTP sink localhost:%d, receiver %s
                  Kafka                    localhost:9092
                  PostgreSQL               jdbc:postgresql://localhost:5432/urbanops  (user postgres)
                  Keycloak                 http://localhost:8180     admin console login %s / %s

                  Demo logins (realm city): operator/operator (transport)  dispatcher/dispatcher (water)
                                            supervisor/supervisor  technician/technician  integrator/integrator
                                            analyst/analyst  admin/admin

                  The console: open http://localhost:8080 and sign in as dispatcher: the exception queue shows
                  the water department's alerts live (stage a flood below and watch it arrive). On Commands, a
                  supervisor enables CLOSE_VALVE for water (actuators are off by default), the dispatcher proposes
                  it for a water-leak detector (e.g. gw-01-wl-001), the supervisor approves (never the proposer), and the simulated
                  gateway's answer (APPLIED) shows on the command. Audit log: every step, chained; check it with
                  ./urbanops audit-verify.

                  Try it:
                    TOKEN=$(curl -s -d grant_type=password -d client_id=urbanops-console \\
                      -d username=analyst -d password=analyst \\
                      %s/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                    curl -s -H "Authorization: Bearer $TOKEN" \\
                      "http://localhost:8082/api/v1/telemetry/devices/%s/series?measurement=pm2_5&from=$(date -u -d '-15 min' +%%FT%%TZ)&to=$(date -u +%%FT%%TZ)"

                  Stage a flood and watch triage raise an incident (alerts on the Kafka topic `alerts`;
                  counted in http://localhost:8084/actuator/prometheus as urbanops_rules_alerts_total):
                    TOKEN=$(curl -s -d grant_type=password -d client_id=urbanops-console \\
                      -d username=supervisor -d password=supervisor \\
                      %s/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                    curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                      http://localhost:8086/api/v1/simulation/incidents \\
                      -d '{"kind":"FLOOD","deviceId":"gw-01-fl-001","durationSeconds":300}'
                  (the same with gw-01-fl-002, a second sensor of the district, raises a district-wide incident).
                  Then read what it sent at http://localhost:%d/ : the mail to the water department's on-call
                  (technician@city.example, with its acknowledge link: open it, confirm, and the alert is
                  ACKNOWLEDGED in http://localhost:8085/api/v1/alerts) and the signed webhook call (headers, body,
                  signature verified by the receiver). JSON: /api/mail, /api/webhooks. Nobody acknowledges within
                  %d minutes: the supervisor (supervisor@city.example) gets the escalation.
                  A network fault reaches the network team once, not once per device behind the gateway: the same
                  curl with -d '{"kind":"UPLINK_LOSS","gatewayId":"gw-02","durationSeconds":300}'.

                  Logs: %s/<service>.log   Data: %s   (delete it to start from scratch)
                """.formatted(String.format(Locale.ROOT, "%.1f", seconds), settings.gateways(),
                settings.devicesPerGateway(), settings.inboxPort(), settings.smtpPort(),
                "http://localhost:" + settings.inboxPort() + "/webhooks/", settings.keycloakAdmin(),
                settings.keycloakAdminPassword(), LocalInfrastructure.ISSUER, exampleDevice, LocalInfrastructure.ISSUER,
                settings.inboxPort(), ExampleAlerting.ESCALATE_AFTER.toMinutes(), layout.logs(), layout.data());
    }
}
