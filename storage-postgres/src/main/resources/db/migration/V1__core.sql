-- Sift's first schema: people, integrations, incidents, alerts and their timeline.
-- Incident and alert ids are handed out by the engine (single writer), so they are plain bigints.

create table users (
    id          bigserial primary key,
    username    text not null unique,
    role        text not null check (role in ('admin', 'responder', 'viewer')),
    created_at  timestamptz not null default now()
);

create table api_tokens (
    id            bigserial primary key,
    user_id       bigint not null references users (id) on delete cascade,
    name          text not null,
    token_hash    text not null unique,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz
);

create table integrations (
    id          bigserial primary key,
    name        text not null unique,
    kind        text not null check (kind in ('alertmanager', 'events')),
    key_hash    text not null unique,
    created_at  timestamptz not null default now(),
    created_by  text not null
);

create table incidents (
    id                   bigint primary key,
    title                text not null,
    status               text not null check (status in ('triggered', 'acknowledged', 'snoozed', 'resolved', 'closed')),
    priority             text not null check (priority in ('P1', 'P2', 'P3', 'P4', 'P5')),
    priority_overridden  boolean not null,
    queue                text not null,
    assignee             text,
    human_involved       boolean not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    acknowledged_at      timestamptz,
    resolved_at          timestamptz,
    closed_at            timestamptz,
    snoozed_until        timestamptz,
    labels               jsonb not null
);
-- The engine loads the working set (everything not closed) at start.
create index incidents_not_closed on incidents (id) where status <> 'closed';

create table alerts (
    id                    bigint primary key,
    incident_id           bigint not null references incidents (id),
    source                text not null,
    integration_id        bigint,
    fingerprint           text not null,
    upstream_fingerprint  text,
    dedup_key             text,
    labels                jsonb not null,
    annotations           jsonb not null,
    title                 text not null,
    severity              text,
    status                text not null check (status in ('firing', 'resolved')),
    starts_at             timestamptz,
    first_seen            timestamptz not null,
    last_seen             timestamptz not null,
    resolved_at           timestamptz,
    resolution            text,
    count                 bigint not null,
    episode               integer not null
);
create index alerts_incident on alerts (incident_id);
create index alerts_fingerprint on alerts (fingerprint);

create table timeline (
    id           bigserial primary key,
    incident_id  bigint not null references incidents (id),
    at           timestamptz not null,
    actor        text not null,
    kind         text not null,
    message      text not null,
    alert_id     bigint
);
create index timeline_incident on timeline (incident_id, id);
