-- Bulk import jobs. A job keeps its uploaded file (bounded by the upload limit and the number of unfinished jobs) until
-- it finishes, so that a job interrupted by a crash can be run again from its file; idempotency by device id and
-- external id makes the re-run safe. rows_committed counts the valid rows whose changes are committed (a PARTIAL import
-- commits chunk by chunk): a resumed run skips them, so the counts stay those of one run.
create table import_job (
    id                 uuid primary key,
    created_by         text not null,
    -- The creator's departments and districts at submission ('*' = all): the job runs without the caller's token.
    scope_departments  text[] not null,
    scope_districts    text[] not null,
    mode               text not null check (mode in ('ALL_OR_NOTHING', 'PARTIAL')),
    format             text not null check (format in ('CSV', 'JSON')),
    status             text not null check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    failure_reason     text,
    file_bytes         bigint not null,
    rows_read          bigint not null default 0,
    created_count      bigint not null default 0,
    updated_count      bigint not null default 0,
    unchanged_count    bigint not null default 0,
    rejected_count     bigint not null default 0,
    rows_committed     bigint not null default 0,
    attempts           integer not null default 0,
    submitted_at       timestamptz not null,
    started_at         timestamptz,
    finished_at        timestamptz,
    heartbeat_at       timestamptz,
    check ((status in ('SUCCEEDED', 'FAILED')) = (finished_at is not null))
);
create index import_job_unfinished_idx on import_job (submitted_at) where status in ('QUEUED', 'RUNNING');
create index import_job_creator_idx on import_job (created_by, submitted_at);

-- The uploaded file, deleted when its job finishes.
create table import_job_file (
    job_id   uuid primary key references import_job (id) on delete cascade,
    content  bytea not null
);

-- Every problem of every bad row: line is the CSV line (1 = the header) or the JSON array index; seq orders them and
-- is the errors page's cursor.
create table import_job_error (
    job_id  uuid not null references import_job (id) on delete cascade,
    seq     integer not null,
    line    bigint not null,
    field   text not null,
    reason  text not null,
    primary key (job_id, seq)
);
