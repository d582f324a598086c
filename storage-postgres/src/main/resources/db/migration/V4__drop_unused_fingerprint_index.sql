-- No query looks alerts up by fingerprint alone (the engine keeps that index in memory; the API's text search
-- scans with ilike anyway), and a b-tree over random fingerprints costs a random page write for every new alert.
drop index if exists alerts_fingerprint;
