package dev.sift.core.silence;

import dev.sift.core.matching.AlertFields;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The silences created through the API that are pending or active, held by the engine (single writer, not
 * thread-safe), and the one policy that asks them and the rules file's silences and maintenance windows whether
 * an alert is muted. API silences are asked first, in id order, then the rules file's silences, then its
 * maintenance windows: the first that mutes is the one the reason names.
 */
public final class Silences {
    private final Map<Long, Silence> byId = new LinkedHashMap<>();

    public void put(Silence s) {
        byId.put(s.id(), s);
    }

    public Optional<Silence> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    public void remove(long id) {
        byId.remove(id);
    }

    public void clear() {
        byId.clear();
    }

    public Collection<Silence> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public MuteDecision decide(AlertFields alert, Instant now, Silencing rules) {
        for (Silence s : byId.values()) {
            if (s.mutes(alert, now)) {
                return muted("silence:" + s.id(), s.describe(), s.endsAt());
            }
        }
        for (Silence s : rules.silences()) {
            if (s.mutes(alert, now)) {
                return muted("silence:" + s.name(), s.describe(), s.endsAt());
            }
        }
        for (MaintenanceWindow w : rules.maintenance()) {
            Optional<Instant> until = w.mutesUntil(alert, now);
            if (until.isPresent()) {
                return muted("maintenance:" + w.name(), w.describe(), until.get());
            }
        }
        return MuteDecision.UNMUTED;
    }

    private static MuteDecision.Muted muted(String by, String what, Instant until) {
        return new MuteDecision.Muted(by, "silenced by " + what + " until " + until.truncatedTo(ChronoUnit.SECONDS),
                until);
    }
}
