-- Notifications: an outbox written in the transaction that stores an alert change, grouped per route, then rendered
-- into one delivery per recipient and webhook endpoint and sent with retries. No foreign keys to other features.

-- A notification group: the alerts of one route that go out together, first as revision 1, later as updates.
create table notification_group (
    id                   uuid primary key,
    group_key            text        not null,
    kind                 text        not null check (kind in ('ROUTE', 'ESCALATION')),
    policy_id            text        not null,
    policy_name          text        not null,
    escalation_level     int,
    recipients           jsonb       not null,
    webhook_endpoint_ids jsonb       not null,
    group_wait_ms        bigint      not null,
    -- true while the first revision has not been composed: new alerts of the same route may still join
    collecting           boolean     not null,
    -- when the pending items are composed into the next revision; null = nothing pending
    send_after           timestamptz,
    revision             int         not null default 0,
    created_at           timestamptz not null
);
-- At most one collecting group per route group key, so concurrent writers (several instances) join the same group.
create unique index notification_group_collecting on notification_group (group_key) where collecting;
create index notification_group_due on notification_group (send_after) where send_after is not null;

-- One alert change waiting for (revision null) or sent in (revision n) a group's revision.
create table notification_item (
    id          bigserial primary key,
    group_id    uuid        not null references notification_group (id) on delete cascade,
    alert_id    uuid        not null,
    change_kind text        not null,
    summary     jsonb       not null,
    changed_at  timestamptz not null,
    revision    int
);
create index notification_item_pending on notification_item (group_id) where revision is null;
create index notification_item_alert on notification_item (alert_id);

-- Which group an alert was last notified in (null: suppressed so far), and with which severity and cause, to tell
-- a notable update (severity or cause changed) from a repeated raise.
create table notification_alert (
    alert_id uuid primary key,
    group_id uuid,
    severity text not null,
    cause    text not null
);

-- One message to one recipient or webhook endpoint. The id is the idempotency key and the webhook-id:
-- <group id>.<revision>.<channel>.<target>, so composing twice cannot create a second delivery.
create table notification_delivery (
    id              text primary key,
    group_id        uuid        not null references notification_group (id) on delete cascade,
    revision        int         not null,
    channel         text        not null check (channel in ('EMAIL', 'WEBHOOK')),
    target          text        not null,
    recipient       text,
    subject         text        not null,
    body            text        not null,
    message_id      text,
    thread_id       text,
    state           text        not null check (state in ('PENDING', 'SENT', 'DEAD')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    origin_at       timestamptz not null,
    created_at      timestamptz not null,
    sent_at         timestamptz
);
create index notification_delivery_due on notification_delivery (next_attempt_at) where state = 'PENDING';

create table notification_delivery_alert (
    delivery_id text not null references notification_delivery (id) on delete cascade,
    alert_id    uuid not null,
    primary key (delivery_id, alert_id)
);
create index notification_delivery_alert_alert on notification_delivery_alert (alert_id);

-- Webhook endpoints and their signing secrets (whsec_...). A secret is readable here only: never logged, and
-- answered over HTTP once, when it is created.
create table webhook_endpoint (
    id          uuid primary key,
    url         text        not null,
    description text,
    created_by  text        not null,
    created_at  timestamptz not null
);

create table webhook_secret (
    endpoint_id uuid        not null references webhook_endpoint (id) on delete cascade,
    serial      int         not null,
    secret      text        not null,
    created_at  timestamptz not null,
    -- null while it is the newest secret; set to rotation time + overlap when a newer one replaces it
    expires_at  timestamptz,
    primary key (endpoint_id, serial)
);

-- Acknowledge-link tokens already used (a digest of the token, never the token itself).
create table ack_token_used (
    token_digest text primary key,
    alert_id     uuid        not null,
    recipient    text        not null,
    used_at      timestamptz not null
);
