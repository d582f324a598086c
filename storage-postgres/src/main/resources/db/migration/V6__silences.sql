-- Silences created through the API (issue #4). The engine numbers them (single writer), so the id is a plain
-- bigint. Matchers are stored as Alertmanager-syntax strings, the form people wrote and the API shows.
-- Expiring a silence moves its ends_at to the time it was expired; rows are never deleted (the audit trail).
create table silences (
    id          bigint primary key,
    matchers    jsonb not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    created_by  text not null,
    comment     text not null,
    created_at  timestamptz not null
);
create index silences_ends_at on silences (ends_at);

-- A silenced alert belongs to no incident until its silence ends while it still fires: incident_id is null
-- then, and silenced_by / silence_reason say what mutes it and why (kept as history once it resolved).
alter table alerts
    alter column incident_id drop not null,
    add column silenced_by     text,
    add column silence_reason  text;
-- The engine loads the firing silenced alerts at start, beside those of open incidents.
create index alerts_silenced on alerts (id) where incident_id is null and status = 'firing';
