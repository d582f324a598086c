-- Alertmanager silences made when an incident is snoozed (issue #6, "written back"): one per distinct label set of
-- the incident's Alertmanager alerts, per target. Kept so that a snooze that ends early (acknowledged, resolved,
-- unsnoozed) expires exactly the silences Sift made, and nothing else.
create table alertmanager_silences (
    incident_id  bigint not null,
    target_id    bigint not null references effect_targets (id) on delete cascade,
    silence_id   text not null,
    labels       jsonb not null,
    ends_at      timestamptz not null,
    created_at   timestamptz not null,
    primary key (target_id, silence_id)
);
create index alertmanager_silences_incident on alertmanager_silences (incident_id, target_id);
