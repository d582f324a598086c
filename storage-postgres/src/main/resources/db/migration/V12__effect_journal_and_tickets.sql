-- The effect journal for external systems (issue #6, ADR 7). Targets are the external systems Sift keeps in step
-- (ticket systems now; Icinga2 and Alertmanager write-backs next). The single writer fans each journal entry out
-- to every target in the same statement as the incident change (one row per target); delivery workers hand the
-- rows to their target in each incident's order, with retries, backoff and a dead-letter state.
create table effect_targets (
    id               bigserial primary key,
    name             text not null unique,
    kind             text not null,                          -- rt, zammad, webhook (icinga2, alertmanager later)
    config           jsonb not null,                         -- without secrets
    secret           text,                                   -- the secrets, encrypted (AES-GCM; never echoed)
    created_at       timestamptz not null,
    created_by       text not null,
    last_success_at  timestamptz,
    last_error_at    timestamptz,
    last_error       text,
    watched_until    timestamptz                             -- the watcher saw the system's changes up to here
);

create table effects (
    id               bigserial primary key,
    dedup_key        text not null unique,                   -- the journal entry's key and the target: written once
    incident_id      bigint not null,
    target_id        bigint not null references effect_targets (id) on delete cascade,
    event            text not null,                          -- opened, alerts-joined, priority-changed, resolved, …
    occurred_at      timestamptz not null,
    payload          jsonb not null,                         -- the incident as it was then
    state            text not null default 'pending' check (state in ('pending', 'delivered', 'dead')),
    outcome          text,                                   -- what the target's policy did: create, comment, …
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    last_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz
);
create index effects_due on effects (next_attempt_at) where state = 'pending';
-- Per incident and target, only the oldest pending row is deliverable (order is kept).
create index effects_order on effects (target_id, incident_id, id) where state = 'pending';
create index effects_incident on effects (incident_id, id);

-- The durable incident ↔ external ticket mapping. A row is written (state 'creating') before the create call, so
-- a retry after a crash or a lost answer searches the system for the marked ticket instead of creating another.
create table external_tickets (
    incident_id      bigint not null,
    target_id        bigint not null references effect_targets (id) on delete cascade,
    ticket_id        text,                                   -- null while creating
    url              text,
    status           text,                                   -- as the ticket system says
    owner            text,                                   -- null or the system's "nobody" when unowned
    sync_state       text not null default 'creating' check (sync_state in ('creating', 'synced', 'failing', 'gone')),
    last_error       text,
    synced_at        timestamptz,
    created_at       timestamptz not null,
    primary key (incident_id, target_id)
);
create index external_tickets_ticket on external_tickets (target_id, ticket_id);
