package dev.sift.app.effect;

import dev.sift.core.journal.JournalEntry;
import dev.sift.storage.PostgresEffects;

/**
 * Delivers journal entries to one kind of target (a ticket system, a webhook, an Icinga2 integration; Alertmanager
 * next). To add a kind: implement this and register it by kind in {@link EffectTargets} (in its constructor, or with
 * {@link EffectTargets#register} when it lives in a package of its own), and validate its config there.
 */
public interface EffectHandler {

    /**
     * @param outcome what was done (create, comment, resolve, ignore, …), kept on the row
     * @param timeline a line for the incident's timeline, or null when there is nothing worth telling people
     */
    record Delivered(String outcome, String timeline) {}

    /** @throws EffectFailed to be retried with backoff (or dead-lettered) by the workers */
    Delivered deliver(PostgresEffects.Target target, JournalEntry e) throws EffectFailed;
}
