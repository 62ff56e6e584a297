-- Routing, on-call schedules, maintenance windows and escalation timers (routing, maintenance, escalation features).
-- A policy's and a schedule's structure (match, rotations, escalation levels) is a JSON document validated by the
-- service; what is queried on its own (priority, time ranges, targets, due timers) has columns and indexes.

CREATE TABLE routing_policy (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    priority    integer     NOT NULL,
    document    jsonb       NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL
);
-- The router walks policies in this order; equal priorities are ordered by id so the choice is stable.
CREATE INDEX routing_policy_order ON routing_policy (priority, id);

CREATE TABLE on_call_schedule (
    id          text PRIMARY KEY,
    name        text        NOT NULL,
    time_zone   text        NOT NULL,
    rotations   jsonb       NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE on_call_override (
    id           uuid PRIMARY KEY,
    schedule_id  text        NOT NULL REFERENCES on_call_schedule (id) ON DELETE CASCADE,
    user_id      text        NOT NULL,
    display_name text        NOT NULL,
    email        text        NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX on_call_override_range ON on_call_override (schedule_id, starts_at, ends_at);

CREATE TABLE maintenance_window (
    id          uuid PRIMARY KEY,
    target      text        NOT NULL CHECK (target IN ('DEVICE', 'GATEWAY', 'SITE', 'DISTRICT')),
    target_id   text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    reason      text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_window_target ON maintenance_window (target, target_id, ends_at);

-- At most one pending escalation per alert: the next level and when it is due. Written in the transaction of the
-- alert change that opened it; deleted when the alert is acknowledged or resolved, or after the last level.
CREATE TABLE escalation_timer (
    alert_id    uuid PRIMARY KEY,
    level       integer     NOT NULL CHECK (level >= 1),
    due_at      timestamptz NOT NULL,
    policy_id   text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX escalation_timer_due ON escalation_timer (due_at);
