-- Rules with immutable versions, their audit trail, and the outbox that carries enabled versions to the rules topic.

create table rule (
    id              text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    created_by      text        not null,
    created_at      timestamptz not null,
    latest_version  integer     not null check (latest_version >= 1),
    -- null while the rule is disabled (or was never enabled)
    enabled_version integer check (enabled_version between 1 and latest_version),
    enabled_at      timestamptz,
    enabled_by      text,
    check ((enabled_version is null) = (enabled_at is null) and (enabled_version is null) = (enabled_by is null))
);

create table rule_version (
    rule_id    text        not null references rule (id),
    version    integer     not null check (version >= 1),
    document   jsonb       not null,
    author     text        not null,
    created_at timestamptz not null,
    reason     text        not null,
    primary key (rule_id, version)
);

-- A version, once written, is what was reviewed, enabled and audited: nobody rewrites or removes it, not even the
-- service's own database user by mistake.
create function rule_version_is_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'rule_version rows are immutable: % refused', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger rule_version_immutable
    before update or delete on rule_version
    for each row execute function rule_version_is_immutable();

create trigger rule_version_not_truncated
    before truncate on rule_version
    for each statement execute function rule_version_is_immutable();

create table rule_change (
    seq     bigint generated always as identity primary key,
    rule_id text        not null references rule (id),
    version integer     not null,
    action  text        not null check (action in ('CREATED', 'VERSION_ADDED', 'ENABLED', 'DISABLED', 'ROLLED_BACK')),
    actor   text        not null,
    reason  text        not null,
    at      timestamptz not null
);

create index rule_change_by_rule on rule_change (rule_id, seq desc);

-- Written in the transaction of the change it announces; the relay sends it after commit and marks it sent.
-- value null = tombstone (the rule is disabled).
create table rule_release_outbox (
    seq        bigint generated always as identity primary key,
    rule_id    text        not null,
    version    integer,
    value      bytea,
    created_at timestamptz not null,
    sent_at    timestamptz,
    check ((version is null) = (value is null))
);

create index rule_release_outbox_unsent on rule_release_outbox (seq) where sent_at is null;
