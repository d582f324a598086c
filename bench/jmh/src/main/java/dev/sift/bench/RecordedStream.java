package dev.sift.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the recorded stream for the replay benchmarks is: the system property {@value #PROPERTY}, else the grouping
 * dev stream beside the checkout ({@value #DEFAULT}, relative to the working directory, which {@code bench/jmh.sh}
 * sets to the repository root). The data set is not part of the repository.
 */
final class RecordedStream {
    static final String PROPERTY = "sift.bench.events";
    static final String DEFAULT = "../shared/data/grouping/dev/events.jsonl.gz";

    private RecordedStream() {}

    static Path path() {
        Path path = Path.of(System.getProperty(PROPERTY, DEFAULT));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no recorded stream at " + path.toAbsolutePath()
                    + "; set -D" + PROPERTY + "=<events.jsonl[.gz]> (bench/jmh.sh: EVENTS=<file>)");
        }
        return path;
    }
}
