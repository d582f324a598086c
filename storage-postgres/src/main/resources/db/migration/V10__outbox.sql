-- Notifications leave through an outbox (issue #4, DESIGN §3): the single writer inserts a row in the same
-- statement as the incident change that caused it; delivery workers claim due rows (for update skip locked),
-- send them, and record the outcome. Rows are kept as the record of what was sent (or could not be).
create table outbox (
    id               bigserial primary key,
    dedup_key        text not null unique,                   -- the same event twice is one row (on conflict do nothing)
    incident_id      bigint not null,
    channel          text not null,                          -- a channel name of the rules file
    event            text not null,                          -- opened, priority-raised, reopened, resolved, sla-breached
    occurred_at      timestamptz not null,
    payload          jsonb not null,                         -- the incident as it was then: what the message says
    state            text not null default 'pending' check (state in ('pending', 'delivered', 'dead')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,                   -- a claimed row is leased: pushed forward while sent
    last_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz
);
-- Workers look only at what is due.
create index outbox_due on outbox (next_attempt_at) where state = 'pending';
create index outbox_dead on outbox (id) where state = 'dead';
create index outbox_incident on outbox (incident_id, id);
