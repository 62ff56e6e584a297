package city.urbanops.alerting.routing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Routing policies in PostgreSQL: the policy document as JSON, its order (priority, id) as columns. */
@Repository
public class RoutingPolicyRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public RoutingPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        // Its own mapping, so the stored documents do not change with the web API's JSON settings.
        this.json = JsonMapper.builder().build();
    }

    /** Every policy in the order the router tries them. */
    public List<RoutingPolicy> inOrder() {
        return jdbc.sql("SELECT document FROM routing_policy ORDER BY priority, id")
                .query((rs, row) -> json.readValue(rs.getString(1), RoutingPolicy.class)).list();
    }

    public Optional<RoutingPolicy> find(String id) {
        return jdbc.sql("SELECT document FROM routing_policy WHERE id = ?").param(id)
                .query((rs, row) -> json.readValue(rs.getString(1), RoutingPolicy.class)).optional();
    }

    public int count() {
        return jdbc.sql("SELECT count(*) FROM routing_policy").query(Integer.class).single();
    }

    /** Inserts the policy or replaces the one with its id; answers whether it was new. */
    public boolean save(RoutingPolicy policy, String actor, Instant at) {
        return jdbc.sql("""
                        INSERT INTO routing_policy (id, name, priority, document, updated_by, updated_at)
                        VALUES (:id, :name, :priority, CAST(:document AS jsonb), :actor, :at)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, priority = EXCLUDED.priority,
                            document = EXCLUDED.document, updated_by = EXCLUDED.updated_by,
                            updated_at = EXCLUDED.updated_at
                        RETURNING (xmax = 0)""")
                .param("id", policy.id()).param("name", policy.name()).param("priority", policy.priority())
                .param("document", json.writeValueAsString(policy)).param("actor", actor)
                .param("at", java.sql.Timestamp.from(at))
                .query(Boolean.class).single();
    }

    /** Ids of the policies that name the schedule, for their first notification or an escalation level. */
    public List<String> referencing(String scheduleId) {
        return jdbc.sql("""
                        SELECT id FROM routing_policy
                        WHERE document ->> 'scheduleId' = :schedule
                           OR document -> 'escalation' @> jsonb_build_array(jsonb_build_object('scheduleId', :schedule))
                        ORDER BY id""")
                .param("schedule", scheduleId).query(String.class).list();
    }

    public boolean delete(String id) {
        return jdbc.sql("DELETE FROM routing_policy WHERE id = ?").param(id).update() == 1;
    }
}
