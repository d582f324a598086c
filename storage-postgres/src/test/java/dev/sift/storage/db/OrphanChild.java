package dev.sift.storage.db;

import java.nio.file.Path;

/**
 * Runs an EmbeddedDatabase in a JVM of its own, so that a test can kill that JVM with SIGKILL and leave the
 * server orphaned. Args: home. Writes a row (id 2) to table {@code kept}, then prints READY and waits to be killed.
 */
public final class OrphanChild {
    private OrphanChild() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        Sql.exec(db.jdbcUrl(), "insert into kept values (2, 'written by the killed JVM')");
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // never returns: the test kills this JVM
    }
}
