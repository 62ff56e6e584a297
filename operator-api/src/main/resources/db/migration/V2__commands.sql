-- Commands people propose to gateways and devices, their approval (four eyes), dispatch and outcome.

-- Whether a command type may be proposed for a department and district ('*' = every district of the department).
-- A missing row means the type's default: enabled for non-actuator types, disabled for actuators.
create table command_flag (
    type       text        not null,
    department text        not null,
    district   text        not null,
    enabled    boolean     not null,
    changed_by text        not null,
    changed_at timestamptz not null,
    reason     text        not null,
    primary key (type, department, district)
);

create table command (
    id                 uuid primary key,
    type               text        not null,
    device_id          text,
    gateway_id         text        not null,
    department         text        not null,
    district           text        not null,
    parameters         jsonb       not null default '{}'::jsonb,
    reason             text        not null,
    status             text        not null,
    proposed_by        text        not null,
    proposed_at        timestamptz not null,
    decided_by         text,
    decided_at         timestamptz,
    approved_by        text,
    expires_in_minutes integer     not null check (expires_in_minutes between 1 and 1440),
    expires_at         timestamptz,
    result_reason      text,
    updated_at         timestamptz not null
);

-- The list, newest first, is paged by (proposed_at, id); the sweeper looks for open commands past their expiry.
create index command_newest on command (proposed_at desc, id desc);
create index command_open_expiry on command (expires_at) where status in ('APPROVED', 'SENT', 'DELIVERED');

-- Every state a command went through: who or what, when, why. event_id recognises a copy of a gateway's result.
create table command_history (
    seq        bigserial primary key,
    command_id uuid        not null references command (id),
    status     text        not null,
    actor      text        not null,
    at         timestamptz not null,
    reason     text,
    event_id   text unique
);

create index command_history_command on command_history (command_id, seq);

-- Approved commands waiting to be published on gateway.commands; a row is removed once Kafka acknowledged it.
create table command_outbox (
    id         bigserial primary key,
    command_id uuid        not null references command (id),
    gateway_id text        not null,
    payload    bytea       not null,
    created_at timestamptz not null
);
