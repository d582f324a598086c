-- SLA clocks (issue #4): one row per incident that an SLA policy applied to, written by the engine with the rest
-- of a batch. Due times are derived (policy, calendar, pauses) and kept for the API; the engine derives them again
-- at start from the rules in force. Breach flags are facts: once true they stay.
create table incident_slas (
    incident_id       bigint primary key references incidents (id),
    policy            text,                          -- null: no policy applies now (a breach recorded before stays)
    ack_due_at        timestamptz,
    resolve_due_at    timestamptz,
    ack_breached      boolean not null,
    resolve_breached  boolean not null,
    pauses            jsonb not null default '[]'    -- [{"start": RFC 3339, "end": RFC 3339 or null}], oldest first
);

-- Heartbeat integrations (dead-man's switches): how often they must ping, and the last ping (or, before the
-- first one, when Sift began to watch), which must survive a restart.
alter table integrations drop constraint integrations_kind_check;
alter table integrations
    add constraint integrations_kind_check check (kind in ('alertmanager', 'events', 'heartbeat')),
    add column heartbeat_interval_ms  bigint,
    add column heartbeat_grace_ms     bigint,
    add column heartbeat_last_ping_at timestamptz,
    add column heartbeat_pinged       boolean not null default false,
    add constraint integrations_heartbeat_interval check ((kind = 'heartbeat') = (heartbeat_interval_ms is not null));
