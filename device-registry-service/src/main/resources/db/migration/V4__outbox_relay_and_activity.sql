-- The outbox relay marks the rows of the batch it is about to send (claimed_at) before it sends them. After a crash
-- exactly those rows are in doubt, and the relay settles them against the tail of the topic before it sends anything
-- else: a claimed row whose record is the last on its partition is published, a claimed row that is not there is sent.
-- (Comparing every unpublished row with the tail by seq alone would be wrong: a transaction that commits late can leave
-- a row with a lower seq unpublished behind rows already sent.)
alter table outbox add column claimed_at timestamptz;

-- Published rows are deleted once older than the relay's retention.
create index outbox_published_idx on outbox (published_at) where published_at is not null;

-- Which ingestion instance reported the connectivity: an OFFLINE from an instance the gateway already left (it
-- reconnected elsewhere before the old instance noticed the lost connection) must not override the newer ONLINE.
alter table device_activity add column connectivity_instance text;
