-- The single writer is the only code that writes alerts and timeline entries, always in the same transaction as
-- the incident they belong to (see docs/adr/0004). The foreign keys to incidents checked that again for every
-- row, and each check locked the incident row (FOR KEY SHARE): an extra WAL record per alert and per timeline
-- entry, on the hottest path of ingest. The engine's own invariants and the tests keep the references right.
alter table alerts drop constraint alerts_incident_id_fkey;
alter table timeline drop constraint timeline_incident_id_fkey;
