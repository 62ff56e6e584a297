-- Alerts (one open alert per condition key), their timeline and comments, the alert events already applied, the
-- resolution mode per rule, and the outbox that carries every stored change to alerts.lifecycle.

create table alert (
    id                 uuid        primary key,
    condition_key      text        not null,
    -- AlertEvent.alertId (conditionKey@raisedAt) of the occurrence last raised into this alert
    occurrence_id      text        not null,
    status             text        not null check (status in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    severity           text        not null check (severity in ('INFO', 'WARNING', 'MAJOR', 'CRITICAL')),
    cause              text        not null check (cause in ('DEVICE_FAULT', 'NETWORK_FAULT', 'INCIDENT')),
    cause_explanation  text,
    title              text        not null,
    recommended_action text,
    rule_id            text,
    rule_version       integer,
    device_id          text,
    gateway_id         text,
    site_id            text,
    department         text        not null,
    district           text        not null,
    latitude           double precision,
    longitude          double precision,
    opened_at          timestamptz not null,
    -- when the alert last became open (opened or re-opened): time to acknowledge and to resolve count from here
    active_since       timestamptz not null,
    last_seen_at       timestamptz not null,
    occurrences        integer     not null check (occurrences >= 1),
    assignee           text,
    assignee_kind      text check (assignee_kind in ('PERSON', 'TEAM')),
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    resolved_at        timestamptz,
    resolved_by        text,
    -- the rule cleared while the alert is resolved manually: shown until a person resolves it
    cleared_by_rule_at timestamptz,
    in_maintenance     boolean     not null default false,
    -- the latest AlertEvent applied (evidence, signals, suppressed, proposal), and its event time and revision, so
    -- that an older transition arriving late never overwrites newer evidence
    latest             jsonb       not null,
    latest_time        timestamptz not null,
    latest_revision    integer     not null,
    version            bigint      not null check (version >= 1),
    check ((assignee is null) = (assignee_kind is null)),
    check ((status = 'RESOLVED') = (resolved_at is not null)),
    check ((acknowledged_at is null) = (acknowledged_by is null))
);

-- The key decides, not timing: two instances raising the same condition at once cannot both open an alert; the
-- loser's transaction fails on this index and is retried, then finds the winner's alert and updates it.
create unique index alert_one_open_per_condition on alert (condition_key) where status <> 'RESOLVED';
-- The flap window looks up the latest resolved alert of a key.
create index alert_resolved_by_condition on alert (condition_key, resolved_at desc) where status = 'RESOLVED';
-- Listing: newest first, keyset pagination on (opened_at, id), optionally within a department.
create index alert_listing on alert (opened_at desc, id desc);
create index alert_listing_by_department on alert (department, opened_at desc, id desc);

create table alert_timeline (
    id            bigint generated always as identity primary key,
    alert_id      uuid        not null references alert (id),
    alert_version bigint      not null,
    kind          text        not null check (kind in ('OPENED', 'UPDATED', 'REOPENED', 'ACKNOWLEDGED', 'ASSIGNED',
                                                       'COMMENTED', 'RESOLVED', 'CLEARED_BY_RULE', 'ESCALATED',
                                                       'NOTIFICATION')),
    actor         text        not null,
    at            timestamptz not null,
    note          text
);

create index alert_timeline_of_alert on alert_timeline (alert_id, id);

create table alert_comment (
    id       uuid        primary key,
    alert_id uuid        not null references alert (id),
    author   text        not null,
    at       timestamptz not null,
    body     text        not null check (length(body) between 1 and 4000)
);

create index alert_comment_of_alert on alert_comment (alert_id, at);

-- AlertEvent.eventId() (alertId#revision) of every transition applied: a copy of a record is recognised and skipped.
-- Pruned after the alerts topic's retention, after which no copy can be consumed any more.
create table alert_processed_event (
    event_id     text        primary key,
    processed_at timestamptz not null
);

create index alert_processed_event_age on alert_processed_event (processed_at);

-- Whether a rule's clear resolves its alert (AUTOMATIC, the default for a rule without a row) or only records it.
create table alert_resolution_mode (
    rule_id    text        primary key,
    mode       text        not null check (mode in ('AUTOMATIC', 'MANUAL')),
    changed_by text        not null,
    changed_at timestamptz not null
);

-- Lifecycle events waiting for Kafka, written in the transaction of the change they describe. The relay sends them
-- in id order and deletes what Kafka acknowledged; after a crash it sends the rest again, with the same event id.
create table alert_lifecycle_outbox (
    id         bigint generated always as identity primary key,
    event_id   text        not null unique,
    alert_id   uuid        not null,
    payload    bytea       not null,
    created_at timestamptz not null
);
