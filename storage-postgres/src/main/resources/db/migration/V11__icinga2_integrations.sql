-- Icinga2 integrations (issue #6): Sift subscribes to an Icinga2 API's event stream itself, so the integration
-- holds how to connect instead of an ingest key (its key_hash is of a random key that is never shown, so it opens
-- no endpoint). The password is kept apart from the settings that the API shows, and is never shown again.
alter table integrations drop constraint integrations_kind_check;
alter table integrations
    add constraint integrations_kind_check check (kind in ('alertmanager', 'events', 'heartbeat', 'icinga2')),
    add column connection         jsonb,   -- {"url", "username", "caFile", "insecureTls"}
    add column connection_secret  text,    -- the password for Basic auth
    add constraint integrations_icinga2_connection check ((kind = 'icinga2') = (connection is not null));

-- Reconciling with Icinga2 after a (re)connect reads the alerts Sift has firing for one integration.
create index alerts_firing_by_integration on alerts (integration_id, dedup_key) where status = 'firing';
