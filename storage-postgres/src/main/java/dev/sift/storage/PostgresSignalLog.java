package dev.sift.storage;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Housekeeping of the raw signal log (table {@code signals}): the single writer appends to it; this deletes the
 * oldest rows once they are older than the retention or once the log is larger than its size limit. Deletes go
 * in chunks, each its own short transaction, so that ingest never waits behind a long delete. Deleted space is
 * reused by later rows after autovacuum, so the table's size on disk levels off near the limit.
 */
public final class PostgresSignalLog {
    /** Rows per delete statement. */
    static final int CHUNK = 5_000;

    public record Size(long rows, long bytes, Instant oldest) {}

    private final Jdbi jdbi;

    public PostgresSignalLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Deletes rows received before {@code cutoff}; returns how many. */
    public long deleteOlderThan(Instant cutoff) {
        return deleteInChunks("select id from signals where received_at < :cutoff order by id limit :chunk",
                "cutoff", Rows.ts(cutoff));
    }

    /** Deletes the oldest rows until the payloads left add up to at most {@code maxBytes}; returns how many. */
    public long deleteBeyondSize(long maxBytes) {
        // Walks from the newest row back, summing sizes, and stops at the first row that no longer fits.
        Long lastToGo = jdbi.withHandle(h -> h.createQuery("select id from (select id, sum(bytes) over"
                        + " (order by id desc rows unbounded preceding) as newer from signals) t"
                        + " where newer > :max order by id desc limit 1")
                .bind("max", maxBytes).mapTo(Long.class).findOne().orElse(null));
        if (lastToGo == null) {
            return 0;
        }
        return deleteInChunks("select id from signals where id <= :last order by id limit :chunk", "last", lastToGo);
    }

    private long deleteInChunks(String selectIds, String name, Object value) {
        long total = 0;
        while (true) {
            int deleted = jdbi.withHandle(h -> h.createUpdate("delete from signals where id in (" + selectIds + ")")
                    .bind(name, value).bind("chunk", CHUNK).execute());
            total += deleted;
            if (deleted < CHUNK) {
                return total;
            }
        }
    }

    public Size size() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) as n, coalesce(sum(bytes), 0) as b,"
                        + " min(received_at) as oldest from signals")
                .map((rs, ctx) -> new Size(rs.getLong("n"), rs.getLong("b"), Rows.instant(rs, "oldest")))
                .one());
    }
}
