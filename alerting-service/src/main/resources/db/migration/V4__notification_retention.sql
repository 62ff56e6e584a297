-- Finished deliveries (sent or dead-lettered) are removed after the notification retention; this index finds them
-- without reading the pending ones the dispatcher works on.
create index notification_delivery_finished on notification_delivery (created_at) where state <> 'PENDING';
create index ack_token_used_at on ack_token_used (used_at);
