package dev.sift.storage.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The process named on the first line of a {@code postmaster.pid} file, as /proc shows it. Only Linux is covered,
 * because the bundled PostgreSQL binaries are Linux-only too.
 */
record ServerProcess(long pid) {

    /** Empty if there is no pid file, or its first line is not a number (PostgreSQL then deals with it). */
    static Optional<ServerProcess> fromPidFile(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty()
                    : Optional.of(new ServerProcess(Long.parseLong(lines.getFirst().strip())));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Some process (maybe a zombie) holds this pid. */
    boolean exists() {
        return Files.exists(proc());
    }

    /**
     * Alive and not a zombie. ProcessHandle.isAlive() is true for zombies, and a postmaster that nobody reaps stays
     * one when PID 1 of a container does not reap orphans.
     */
    boolean isRunning() {
        return stat().map(s -> s.state() != 'Z' && s.state() != 'X').orElse(false);
    }

    /**
     * The process is a PostgreSQL server whose working directory is {@code dataDir} (a postmaster changes into its
     * data directory). When the working directory cannot be read, it is assumed to be ours: wrongly taking a live
     * server for a dead one would let a second server start on the same files, which is far worse than a refusal.
     */
    boolean isPostgresServing(Path dataDir) {
        if (stat().map(s -> !s.command().equals("postgres")).orElse(true)) {
            return false;
        }
        try {
            return Files.isSameFile(proc().resolve("cwd").toRealPath(), dataDir);
        } catch (IOException e) {
            return true;
        }
    }

    /** The folder of the executable this process runs, i.e. the bin folder of the exact binaries it came from. */
    Optional<Path> binDirectory() {
        try {
            Path exe = Files.readSymbolicLink(proc().resolve("exe"));
            return Files.isRegularFile(exe) ? Optional.ofNullable(exe.getParent()) : Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits, up to {@code bound}, until the process has ended (or is a zombie). The process is not our child, so
     * there is nothing to block on: poll /proc.
     */
    boolean awaitEnd(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (isRunning()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning();
            }
        }
        return true;
    }

    private Path proc() {
        return Path.of("/proc", Long.toString(pid));
    }

    private record Stat(String command, char state) {}

    /** /proc/PID/stat is "pid (comm) state ...", where comm may itself contain spaces and parentheses. */
    private Optional<Stat> stat() {
        try {
            String s = Files.readString(proc().resolve("stat"), StandardCharsets.UTF_8);
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            if (open < 0 || close < open || s.length() < close + 3) {
                return Optional.empty();
            }
            return Optional.of(new Stat(s.substring(open + 1, close), s.charAt(close + 2)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
