-- Webhook signing secrets are kept encrypted (AES-256-GCM): the id of the key that sealed a secret is stored beside
-- it, so the key list can rotate. Rows written before this version are encrypted at the service's next start (a
-- migration cannot see the configured keys), which clears their plaintext.
alter table webhook_secret alter column secret drop not null;
alter table webhook_secret add column encrypted boolean not null default false;
alter table webhook_secret add column key_id text;
-- 12-byte nonce followed by the ciphertext and its 16-byte tag
alter table webhook_secret add column sealed bytea;
alter table webhook_secret add constraint webhook_secret_sealed_or_plain check (
    (encrypted and secret is null and key_id is not null and sealed is not null)
    or (not encrypted and secret is not null and key_id is null and sealed is null));
create index webhook_secret_plain on webhook_secret (endpoint_id) where not encrypted;

-- Notification groups whose deliveries ended are removed after the retention; this index finds old closed groups.
create index notification_group_closed on notification_group (created_at) where not collecting and send_after is null;
