package dev.sift.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server on a real PostgreSQL: persistence, durable settings, loopback only, stale pid files. */
class EmbeddedDatabaseTest {

    @Test
    void keepsDataAcrossRestartsIsDurableAndListensOnLoopbackOnly(@TempDir Path home) throws Exception {
        int port;
        long started = System.nanoTime();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            Timing.report("cold start (new home: extract + initdb + start)", started);
            port = db.port();
            String url = db.jdbcUrl();
            Sql.exec(url, "create table kept (id int primary key, note text not null)",
                    "insert into kept values (1, 'survives a restart')");

            assertThat(Sql.one(url, "show fsync")).isEqualTo("on");
            assertThat(Sql.one(url, "show synchronous_commit")).isEqualTo("on");
            assertThat(Sql.one(url, "show full_page_writes")).isEqualTo("on");
            assertThat(Sql.one(url, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Sql.one(url, "show unix_socket_directories")).isEmpty();
            assertThat(Sql.one(url, "show max_connections")).isEqualTo("50");
            assertThat(Sql.one(url, "show server_version")).startsWith("18.");
            assertThat(Sql.one(url, "select datlocprovider from pg_database where datname = 'postgres'"))
                    .isEqualTo("b"); // builtin: independent of LANG and of glibc
            for (InetAddress address : nonLoopbackAddresses()) {
                assertThat(accepts(address, port)).as("PostgreSQL must not listen on %s", address).isFalse();
            }

            assertThat(db.dataDirectory()).isEqualTo(home.resolve("postgres/data"));
            assertThat(db.dataDirectory().resolve("PG_VERSION")).hasContent("18");
            assertThat(Files.readString(home.resolve("postgres/port")).strip()).isEqualTo(Integer.toString(port));
            for (String tool : List.of("postgres", "pg_ctl", "initdb")) {
                assertThat(Files.isExecutable(db.binDirectory().resolve(tool))).as(tool).isTrue();
            }
            List<String> clients = new ArrayList<>();
            for (String tool : List.of("psql", "pg_dump", "pg_restore", "pg_basebackup")) {
                if (Files.isExecutable(db.binDirectory().resolve(tool))) {
                    clients.add(tool);
                }
            }
            System.out.println("INFO client tools in " + db.binDirectory() + ": " + clients);
        }
        assertThat(accepts(InetAddress.getLoopbackAddress(), port)).as("stopped by close()").isFalse();

        started = System.nanoTime();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            Timing.report("warm start", started);
            assertThat(db.port()).as("the recorded port is reused").isEqualTo(port);
            assertThat(Sql.column(db.jdbcUrl(), "select note from kept")).containsExactly("survives a restart");
            db.close();
            db.close(); // idempotent
            assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isFalse();
        }
    }

    @Test
    void refusesASecondServerOnTheSameHomeAndLeavesTheFirstAlone(@TempDir Path home) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another Sift is already using the database in " + home.resolve("postgres"));
            assertThat(Sql.one(db.jdbcUrl(), "select 1")).isEqualTo("1");
        }
    }

    @Test
    void startsOverAStalePidFile(@TempDir Path home) throws Exception {
        Path pidFile = home.resolve("postgres/data/postmaster.pid");
        List<String> realPidFile;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            Sql.exec(db.jdbcUrl(), "create table kept (id int primary key)", "insert into kept values (1)");
            realPidFile = Files.readAllLines(pidFile);
        }

        // The server died with its JVM (both kill -9ed, or a power cut): its pid file names a process that is gone.
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
        writePidFile(pidFile, realPidFile, ended.pid());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            assertThat(Sql.column(db.jdbcUrl(), "select id from kept")).containsExactly("1");
        }

        // Same, but the pid has been reused by an unrelated live process (here: this JVM). PostgreSQL alone would
        // refuse to start ("lock file already exists").
        writePidFile(pidFile, realPidFile, ProcessHandle.current().pid());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            assertThat(Sql.column(db.jdbcUrl(), "select id from kept")).containsExactly("1");
            assertThat(ServerProcess.fromPidFile(pidFile).orElseThrow().pid())
                    .isNotEqualTo(ProcessHandle.current().pid());
        }
    }

    @Test
    void aFailedStartSaysWhyAndWhere(@TempDir Path home) throws Exception {
        // initdb refuses a data directory that is neither empty nor a database.
        Files.createDirectories(home.resolve("postgres/data"));
        Files.writeString(home.resolve("postgres/data/stray.txt"), "not a database");
        for (int attempt = 0; attempt < 2; attempt++) { // the second attempt is not blocked by the first's lock
            assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not start")
                    .hasMessageContaining(home.resolve("postgres/data").toString())
                    .hasMessageContaining("exists but is not empty")
                    .hasMessageContaining(home.resolve("postgres/server.log").toString());
        }
    }

    @Test
    void aServerThatDiesAtStartupFailsAtOnceWithItsReason(@TempDir Path home) throws Exception {
        EmbeddedDatabase.start(home).close();
        Path config = home.resolve("postgres/data/postgresql.conf");
        String good = Files.readString(config);
        Files.writeString(config, good + "shared_buffers = banana\n");

        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("invalid value for parameter \"shared_buffers\": \"banana\"");
        long ms = Timing.report("failed start (bad configuration)", started);
        assertThat(ms).as("not zonky's whole startup wait").isLessThan(15_000);

        Files.writeString(config, good); // repaired: nothing of the failed attempt stands in the way
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home)) {
            assertThat(Sql.one(db.jdbcUrl(), "select 1")).isEqualTo("1");
        }
    }

    private static void writePidFile(Path pidFile, List<String> template, long pid) throws IOException {
        List<String> lines = new ArrayList<>(template);
        lines.set(0, Long.toString(pid));
        Files.write(pidFile, lines, StandardCharsets.UTF_8);
    }

    static boolean accepts(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(EmbeddedDatabaseTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).toList();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
