-- Toil analytics (issue #7). Repeats of known alerts are not logged one by one (V2): their alerts' count and
-- last_seen summarise them. For the noise funnel per day the writer therefore also counts every alert or event
-- it receives, per hour, in the same statement as the batch (one upserted row per hour, written by the single
-- writer only, so there is no contention on it). Hours are UTC; any day boundary can be summed from them.
create table signal_counts (
    hour     timestamptz primary key,
    signals  bigint not null
);

-- The analytics read incidents, alerts and notifications by when they began; without these a long history is
-- scanned whole (docs/benchmarks.md has the times).
create index incidents_created_at on incidents (created_at);
create index alerts_first_seen on alerts (first_seen);
create index outbox_occurred_at on outbox (occurred_at);
-- Flapping is a flag that clears once the alert is quiet; the timeline keeps when it started and stopped.
create index timeline_flapping on timeline (alert_id, at) where kind = 'flapping';
-- Response times leave merged incidents out (closed by the merge, not by anyone's work): merges are rare.
create index timeline_merged on timeline (incident_id) where kind = 'merged';
