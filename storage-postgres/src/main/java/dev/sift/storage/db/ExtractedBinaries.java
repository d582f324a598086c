package dev.sift.storage.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PostgreSQL binaries zonky extracts into {@code <bin-cache>/PG-<md5 of the archive>/}: {@code bin/} holds only
 * {@code initdb}, {@code pg_ctl} and {@code postgres} (no psql, pg_dump or pg_restore), {@code lib/} and
 * {@code share/} the rest. zonky writes {@code .exists} once an extraction is complete.
 */
final class ExtractedBinaries {
    private ExtractedBinaries() {}

    /** The newest complete extraction's bin folder: after an upgrade of the binaries, older ones stay behind. */
    static Optional<Path> find(Path binCache) {
        try (Stream<Path> dirs = Files.list(binCache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("PG-"))
                    .filter(d -> Files.exists(d.resolve(".exists")))
                    .filter(d -> Files.isExecutable(d.resolve("bin").resolve("pg_ctl")))
                    .max(Comparator.comparing(ExtractedBinaries::modified))
                    .map(d -> d.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
