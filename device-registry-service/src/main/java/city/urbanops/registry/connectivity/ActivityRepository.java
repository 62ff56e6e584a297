package city.urbanops.registry.connectivity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes gathered activity into {@code device_activity}: one statement per flush (per chunk of
 * {@code maxDevicesPerStatement}), never one per reading. Only devices the registry knows get a row. A gateway is also
 * seen whenever one of its sensors is (its readings came through it). Re-applying an older flush changes nothing: the
 * last seen time only grows, and a status is replaced only by a newer one, by the rule of {@link Activity#status}.
 */
final class ActivityRepository {

    private static final String UPSERT = """
            with reported (device_id, last_seen, connectivity, since, instance) as (
                select * from unnest(?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[])
            ), through_gateway (device_id, last_seen) as (
                select d.gateway_id, max(r.last_seen)
                from reported r join device d on d.id = r.device_id
                where d.gateway_id is not null and r.last_seen is not null
                group by d.gateway_id
            ), merged (device_id, last_seen, connectivity, since, instance) as (
                select coalesce(r.device_id, g.device_id), greatest(r.last_seen, g.last_seen), r.connectivity, r.since,
                       r.instance
                from reported r full join through_gateway g on g.device_id = r.device_id
            )
            insert into device_activity as a
                (device_id, last_seen, connectivity, connectivity_since, connectivity_instance, updated_at)
            select m.device_id, m.last_seen, m.connectivity, m.since, m.instance, ?
            from merged m
            where exists (select 1 from device d where d.id = m.device_id)
            on conflict (device_id) do update set
                last_seen = greatest(a.last_seen, excluded.last_seen),
                connectivity = case when %1$s then excluded.connectivity else a.connectivity end,
                connectivity_since = case when %1$s then excluded.connectivity_since else a.connectivity_since end,
                connectivity_instance = case when %1$s then excluded.connectivity_instance
                                             else a.connectivity_instance end,
                updated_at = excluded.updated_at
            """.formatted("""
            (excluded.connectivity is not null
             and (a.connectivity_since is null or excluded.connectivity_since >= a.connectivity_since)
             and (excluded.connectivity = 'ONLINE' or a.connectivity is distinct from 'ONLINE'
                  or a.connectivity_instance = excluded.connectivity_instance))""");

    private final JdbcTemplate jdbc;
    private final int maxDevicesPerStatement;

    ActivityRepository(JdbcTemplate jdbc, int maxDevicesPerStatement) {
        this.jdbc = jdbc;
        this.maxDevicesPerStatement = maxDevicesPerStatement;
    }

    /** Writes {@code activities}; returns the rows written (devices the registry does not know are left out). */
    int upsert(Collection<Activity> activities, Instant now) {
        var all = new ArrayList<>(activities);
        int written = 0;
        for (int from = 0; from < all.size(); from += maxDevicesPerStatement) {
            written += upsertChunk(all.subList(from, Math.min(all.size(), from + maxDevicesPerStatement)), now);
        }
        return written;
    }

    private int upsertChunk(List<Activity> chunk, Instant now) {
        return jdbc.update(connection -> {
            var statement = connection.prepareStatement(UPSERT);
            statement.setArray(1, connection.createArrayOf("text",
                    chunk.stream().map(Activity::deviceId).toArray()));
            statement.setArray(2, connection.createArrayOf("timestamptz",
                    chunk.stream().map(a -> timestamp(a.lastSeen())).toArray()));
            statement.setArray(3, connection.createArrayOf("text",
                    chunk.stream().map(a -> a.connectivity() == null ? null : a.connectivity().name()).toArray()));
            statement.setArray(4, connection.createArrayOf("timestamptz",
                    chunk.stream().map(a -> timestamp(a.since())).toArray()));
            statement.setArray(5, connection.createArrayOf("text",
                    chunk.stream().map(Activity::instance).toArray()));
            statement.setTimestamp(6, Timestamp.from(now));
            return statement;
        });
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
