-- The tamper-evident audit log: each entry holds the SHA-256 of the one before it (prev_hash) and its own hash over
-- its content and prev_hash, so changing, removing or inserting a row breaks the chain at that row.
create table audit_entry (
    seq         bigint primary key,
    event_id    text        not null,
    source      text        not null,
    at          timestamptz not null,
    recorded_at timestamptz not null,
    actor       text        not null,
    action      text        not null,
    target_type text        not null,
    target_id   text        not null,
    department  text,
    district    text,
    details     jsonb       not null default '{}'::jsonb,
    prev_hash   text        not null,
    hash        text        not null,
    constraint audit_entry_once unique (source, event_id)
);

create index audit_entry_at on audit_entry (at);
create index audit_entry_target on audit_entry (target_type, target_id);

-- Append-only at the database level: no role, not even the owner through this application, may change or remove an
-- entry. A superuser can still disable the trigger; the hash chain is what finds that.
create function audit_entry_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on audit_entry refused', tg_op
        using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entry_no_update_or_delete
    before update or delete on audit_entry
    for each row execute function audit_entry_refuse_change();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_refuse_change();

revoke update, delete, truncate on audit_entry from public;
