-- The device registry's own database. No other service reads these tables: they learn about devices from the
-- compacted topics registry.devices and registry.gateway-credentials (written through the outbox below) and from
-- the REST API.

create table department (
    id          text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name        text not null,
    created_at  timestamptz not null default now()
);

-- boundary: a GeoJSON Polygon or MultiPolygon (RFC 7946, WGS 84 longitude/latitude), as the console draws it.
create table district (
    id          text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name        text not null,
    boundary    jsonb not null check (boundary ->> 'type' in ('Polygon', 'MultiPolygon')),
    created_at  timestamptz not null default now()
);

create table site (
    id          text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name        text not null,
    district_id text not null references district (id),
    latitude    double precision check (latitude between -90 and 90),
    longitude   double precision check (longitude between -180 and 180),
    created_at  timestamptz not null default now()
);

-- A device type names which measurements its devices report. Units, value kinds and physical ranges are the event
-- model's MeasurementCatalog (the vocabulary); the application refuses a name outside it.
create table device_type (
    id          text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    kind        text not null check (kind in ('SENSOR', 'GATEWAY')),
    description text not null default '',
    created_at  timestamptz not null default now()
);

create table device_type_measurement (
    device_type_id text not null references device_type (id) on delete cascade,
    measurement    text not null,
    primary key (device_type_id, measurement)
);

-- Sensors and gateways alike (kind); a sensor is attached to exactly one gateway, which alone may publish for it.
-- version starts at 1 and grows by one with every committed change; each version is published once.
create table device (
    id                 text primary key check (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    external_id        text unique check (char_length(external_id) between 1 and 128),
    kind               text not null check (kind in ('SENSOR', 'GATEWAY')),
    device_type_id     text not null references device_type (id),
    gateway_id         text references device (id),
    lifecycle          text not null check (lifecycle in ('PROVISIONED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'DECOMMISSIONED')),
    department_id      text not null references department (id),
    district_id        text not null references district (id),
    site_id            text references site (id),
    latitude           double precision check (latitude between -90 and 90),
    longitude          double precision check (longitude between -180 and 180),
    quarantine_reason  text,
    quarantined_by     text,
    quarantined_since  timestamptz,
    version            bigint not null default 1 check (version >= 1),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    check ((kind = 'GATEWAY') = (gateway_id is null)),
    check ((quarantine_reason is null) = (quarantined_since is null) and (quarantine_reason is null) = (quarantined_by is null)),
    check (quarantine_reason is null or lifecycle = 'ACTIVE')
);
create index device_gateway_idx on device (gateway_id);
create index device_scope_idx on device (department_id, district_id, id);
create index device_type_idx on device (device_type_id);

-- Every lifecycle transition and every quarantine or release, with its reason and the acting user: the history an
-- API reader sees. Appended only.
create table device_history (
    id          bigserial primary key,
    device_id   text not null references device (id),
    version     bigint not null,
    action      text not null,   -- CREATED, ACTIVATED, SUSPENDED, RESUMED, REVOKED, DECOMMISSIONED, QUARANTINED, RELEASED, UPDATED, SECRET_ISSUED, SECRET_ROTATED, ...
    from_state  text,
    to_state    text,
    reason      text,
    actor       text not null,
    at          timestamptz not null
);
create index device_history_device_idx on device_history (device_id, id);

-- A gateway's secrets by SHA-256 only (the secret itself is shown once, at issue). expires_at is null for the current
-- secret and the end of the overlap for one a rotation replaced.
create table gateway_secret (
    credential_id text primary key,
    gateway_id    text not null references device (id),
    sha256        char(64) not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
    issued_at     timestamptz not null,
    expires_at    timestamptz
);
create index gateway_secret_gateway_idx on gateway_secret (gateway_id);

create table gateway_certificate (
    gateway_id   text not null references device (id),
    fingerprint  char(64) not null unique check (fingerprint ~ '^[0-9a-f]{64}$'),
    added_at     timestamptz not null,
    primary key (gateway_id, fingerprint)
);

-- Last signs of life, aggregated in memory from gateway.status and the class topics' keys and timestamps and flushed
-- periodically (never one write per reading). A gateway's connectivity is its last status event; a sensor is online
-- when its gateway is and it was seen recently, stale when its gateway is online but it fell silent, offline when its
-- gateway is offline.
create table device_activity (
    device_id           text primary key references device (id) on delete cascade,
    last_seen           timestamptz,
    connectivity        text check (connectivity in ('ONLINE', 'OFFLINE')),
    connectivity_since  timestamptz,
    updated_at          timestamptz not null
);

-- Transactional outbox: a change and the records it publishes commit together; the relay forwards rows in seq order.
-- value is null for a tombstone. headers are the CloudEvents attributes the relay sets.
create table outbox (
    seq           bigserial primary key,
    topic         text not null,
    record_key    text not null,
    event_type    text not null,
    event_id      text not null,
    subject       text not null,
    event_time    timestamptz not null,
    value         bytea,
    created_at    timestamptz not null default now(),
    published_at  timestamptz,
    unique (topic, event_id)
);
create index outbox_unpublished_idx on outbox (seq) where published_at is null;
