-- People correct grouping (issue #5): a merged incident names the incident that took its alerts (its number
-- forwards there in the API), whether grouping or a person merged it.
alter table incidents add column merged_into bigint references incidents (id);

-- What people's merges and moves taught grouping, per pair of alert names (name <= other): written by the engine
-- with the rest of a batch, loaded at start so that the lessons survive a restart. At most a few thousand rows
-- (the engine keeps at most 4096 pairs).
create table grouping_lessons (
    name     text not null,
    other    text not null,
    merges   integer not null check (merges >= 0),
    splits   integer not null check (splits >= 0),
    span_ms  bigint not null check (span_ms >= 0),   -- how far apart the two began, at most, when people merged them
    primary key (name, other),
    check (name <= other)
);
