-- Numbers the registry's audit events that have no version of their own to be told apart by (a department renamed
-- twice): the number is taken in the change's transaction and stored in the event's id, so every copy the outbox
-- relay sends of it carries the same id. The events themselves travel through the outbox, to audit.events.
create sequence audit_event_seq;
