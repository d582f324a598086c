-- Sign-in for the web UI: a password per person (a slow, salted hash; null means "API tokens only"), and browser
-- sessions. A session is stored under a hash of its id, so a copy of this table signs nobody in.
alter table users add column password_hash text;

create table web_sessions (
    session_hash  text primary key,
    user_id       bigint not null references users (id) on delete cascade,
    csrf_token    text not null,
    created_at    timestamptz not null,
    expires_at    timestamptz not null
);
create index web_sessions_expiry on web_sessions (expires_at);

-- The queue: open incidents, most urgent first, then oldest. Partial, so closed history does not weigh on it.
create index incidents_queue on incidents (priority, created_at, id)
    where status in ('triggered', 'acknowledged', 'snoozed');
