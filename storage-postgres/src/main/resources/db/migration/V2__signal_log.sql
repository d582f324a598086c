-- The raw signal log: every request body that changed something, as received, kept for a retention period and
-- up to a size (housekeeping deletes the oldest rows). Requests that only repeated known alerts are not logged
-- one by one: their alerts' count and last_seen are the summary.
create table signals (
    id              bigserial primary key,
    received_at     timestamptz not null,
    source          text not null,
    integration_id  bigint,
    signals         integer not null,  -- alerts or events in the body
    bytes           integer not null,  -- length of payload in bytes (UTF-8), for the size limit
    payload         text not null
);
-- Time-based retention deletes from the oldest end; rows arrive in time order, so a BRIN index is enough.
create index signals_received_at on signals using brin (received_at);
