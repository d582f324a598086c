-- Transient handling and flap detection (issue #4). A pending alert is held back by a transient rule in no
-- incident (incident_id null, like a silenced one): held_by names the rule, held_until is when its hold ends (null
-- for a rule that only counts occurrences) and hold_reason says why. All three stay as history once it opened an
-- incident or recovered (resolution 'auto-cleared'; held_until is then null), so that auto-cleared alerts can be
-- counted per rule. flapping marks an alert that changes state often; its incident shows it.
alter table alerts
    add column held_by      text,
    add column held_until   timestamptz,
    add column hold_reason  text,
    add column flapping     boolean not null default false;
