package dev.sift.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the JVM that runs the embedded server leaves the postmaster running. The next start on the same home
 * must stop it and come up, with every committed row still there.
 */
class EmbeddedDatabaseOrphanTest {

    @Test
    void aServerOrphanedByKill9IsStoppedAtTheNextStart(@TempDir Path home, @TempDir Path logs) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            Sql.exec(db.jdbcUrl(), "create table kept (id int primary key, note text not null)",
                    "insert into kept values (1, 'written before')");
        }
        Path childLog = logs.resolve("child.log");
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), OrphanChild.class.getName(), home.toString())
                .redirectError(childLog.toFile()).start();
        ServerProcess orphan = null;
        try {
            awaitReady(child, childLog);
            orphan = ServerProcess.fromPidFile(home.resolve("postgres/data/postmaster.pid")).orElseThrow();

            // While the child lives, its server is no orphan: a second start must refuse, not stop it.
            assertThatThrownBy(() -> EmbeddedDatabase.start(home)).hasMessageContaining("another Sift");
            assertThat(orphan.isRunning()).isTrue();

            child.destroyForcibly(); // SIGKILL: no close(), no shutdown hook
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(orphan.isRunning()).as("the postmaster outlives its JVM").isTrue();

            long started = System.nanoTime();
            try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
                long ms = Timing.report("start after an orphan (stop it + warm start)", started);
                assertThat(ms).isLessThan(20_000);
                assertThat(orphan.isRunning()).isFalse();
                assertThat(Sql.column(db.jdbcUrl(), "select note from kept order by id"))
                        .containsExactly("written before", "written by the killed JVM");
            }
        } finally {
            child.destroyForcibly();
            if (orphan != null && orphan.isRunning()) { // the test failed halfway: leave no server behind
                EmbeddedDatabase.start(home).close();
            }
        }
    }

    /** Waits (bounded) for the child's READY line; stdout is read to its end so that the child never blocks. */
    private static void awaitReady(Process child, Path childLog) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            ready.completeExceptionally(new IllegalStateException("the child ended before READY"));
        });
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the child JVM did not get ready: " + e + "\n" + Files.readString(childLog), e);
        }
    }
}
