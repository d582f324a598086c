package dev.sift.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sift.app.TestSift;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rough measurement, not the benchmark (that comes with the analytics slice): the queue page with 10,000 open
 * incidents, each with an alert, written straight into PostgreSQL. Prints the times; fails only if a render takes
 * more than a second, which would mean the page is not an index range scan any more.
 * {@code ./mvnw -pl app -am test -Pslow -Dtest=QueueRenderTimingTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("slow")
class QueueRenderTimingTest {
    static TestSift sift;

    @BeforeAll
    static void start() throws Exception {
        sift = TestSift.start(TestSift.newHome());
        String port = Files.readString(sift.home.resolve("postgres/port")).strip();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "");
             var st = c.createStatement()) {
            st.execute("""
                    insert into incidents (id, title, status, priority, priority_overridden, queue, human_involved,
                        created_at, updated_at, labels)
                    select 1000000 + n, 'Synthetic incident ' || n, 'triggered', 'P' || (1 + n % 5), false,
                        'q' || (n % 7), false, now() - n * interval '1 second', now(),
                        jsonb_build_object('team', 't' || (n % 13))
                    from generate_series(1, 10000) n""");
            st.execute("""
                    insert into alerts (id, incident_id, source, fingerprint, labels, annotations, title, status,
                        first_seen, last_seen, count, episode)
                    select 1000000 + n, 1000000 + n, 'alertmanager', md5(n::text),
                        jsonb_build_object('alertname', 'Synthetic' || (n % 50), 'team', 't' || (n % 13)),
                        '{}'::jsonb, 'Synthetic incident ' || n, 'firing',
                        now() - n * interval '1 second', now(), 1 + n % 9, 1
                    from generate_series(1, 10000) n""");
            st.execute("analyze incidents; analyze alerts");
        }
        var r = sift.post("/api/v1/users", TestSift.ADMIN_TOKEN,
                Map.of("username", "timer", "role", "responder", "password", "correct horse battery staple"));
        assertThat(r.statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        sift.close();
    }

    @Test
    void theQueueWithTenThousandOpenIncidentsRendersQuickly() {
        var web = new WebClient(sift);
        assertThat(web.signIn("timer", "correct horse battery staple").statusCode()).isEqualTo(303);
        for (String page : new String[] {"/", "/?priority=P3", "/?label=team%3Dt7", "/?q=Synthetic+incident+99"}) {
            web.get(page); // warm-up
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                var res = web.get(page);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(res.statusCode()).isEqualTo(200);
                assertThat(res.body()).contains("Synthetic incident");
                best = Math.min(best, ms);
            }
            System.out.printf("queue render %-28s best of 5: %d ms%n", page, best);
            assertThat(best).as(page).isLessThan(1000);
        }
    }
}
