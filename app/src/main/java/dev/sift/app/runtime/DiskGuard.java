package dev.sift.app.runtime;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Refuses ingest before the disk under the embedded database is full: PostgreSQL that runs out of space stops
 * with a PANIC on WAL writes, and a half-written commit is worse than a clear 503. The free space is read at most
 * once per {@code recheckNanos}, so asking on every request costs nothing.
 */
public final class DiskGuard {
    private final Path directory;
    private final long minFreeBytes;
    private final long recheckNanos;
    private final LongSupplier nanoTime;
    private final FileStore store;
    private long checkedAt;
    private long freeBytes = -1;

    public DiskGuard(Path directory, long minFreeBytes, long recheckNanos, LongSupplier nanoTime) {
        this.directory = directory;
        this.minFreeBytes = minFreeBytes;
        this.recheckNanos = recheckNanos;
        this.nanoTime = nanoTime;
        try {
            this.store = Files.getFileStore(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot find the file system of " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Why ingest must be refused now, or empty when there is space enough. */
    public synchronized Optional<String> problem() {
        long now = nanoTime.getAsLong();
        if (freeBytes < 0 || now - checkedAt >= recheckNanos) {
            freeBytes = usableSpace();
            checkedAt = now;
        }
        if (freeBytes >= minFreeBytes) {
            return Optional.empty();
        }
        return Optional.of("the disk of " + directory + " is nearly full: " + ByteSizes.format(freeBytes)
                + " free, below the minimum of " + ByteSizes.format(minFreeBytes) + " (SIFT_MIN_FREE_DISK)");
    }

    public synchronized long freeBytes() {
        problem();
        return freeBytes;
    }

    private long usableSpace() {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0; // unknown counts as full: refusing is safe, corrupting is not
        }
    }
}
