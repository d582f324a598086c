package dev.sift.core.port;

import dev.sift.core.silence.Silence;
import dev.sift.core.silence.SilenceState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of the silences created through the API, as committed. */
public interface SilenceQueries {
    /** Newest first; only those in {@code state} at {@code now} when it is not null. At most {@code limit}. */
    List<Silence> silences(SilenceState state, Instant now, int limit);

    Optional<Silence> silence(long id);
}
