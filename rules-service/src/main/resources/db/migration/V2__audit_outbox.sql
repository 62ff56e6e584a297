-- Material actions on rules for the platform's audit log (audit.events), written in the change's own transaction and
-- relayed after commit; sent_at is set only once Kafka acknowledged the record. event_id is derived from the change
-- (the rule and the seq of its rule_change row), so a copy re-sent after a crash is recognised by the log's writer.
create table audit_outbox (
    id         bigint generated always as identity primary key,
    event_id   text        not null unique,
    payload    bytea       not null,
    at         timestamptz not null,
    sent_at    timestamptz
);

create index audit_outbox_unsent on audit_outbox (id) where sent_at is null;
