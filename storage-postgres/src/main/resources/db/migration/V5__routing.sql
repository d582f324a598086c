-- What routing decided when an incident opened, and why (sift.yaml routes). Fixed at open: the write path
-- inserts these columns and never updates them. Incidents opened before routing existed keep nulls and empties.
alter table incidents
    add column route_name     text,
    add column route_path     text,
    add column route_reason   text,
    add column priority_rule  text,                          -- P1..P5 or an adjustment such as +1; null: severity
    add column category       text,
    add column customer       text,
    add column runbook        text,
    add column route_labels   jsonb not null default '{}',   -- extra labels the routes added
    add column channels       jsonb not null default '[]',   -- notification channel names, in order
    add column grouping       text;
