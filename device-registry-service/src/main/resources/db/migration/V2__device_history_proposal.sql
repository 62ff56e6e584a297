-- A quarantine may accept a triage proposal; the history keeps which one, so a reader can trace the decision back.
alter table device_history add column proposal_id text check (char_length(proposal_id) between 1 and 128);
