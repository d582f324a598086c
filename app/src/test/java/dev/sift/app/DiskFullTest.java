package dev.sift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the disk under the embedded database is nearly full, ingest is refused with 503 and /readyz says why;
 * when space comes back, ingest resumes by itself. The disk is really filled: the minimum free space is set a
 * little below what is free now, then a file takes more than that margin.
 */
class DiskFullTest {
    private static final long MARGIN = 1L << 30;

    @Test
    void aNearlyFullDiskRefusesIngestAndRecoversWhenSpaceReturns(@TempDir Path home) throws Exception {
        long free = Files.getFileStore(home).getUsableSpace();
        assertThat(free).as("this test needs some free disk").isGreaterThan(3 * MARGIN);
        Settings s = Settings.fromEnvironment(Map.of()).withHome(home).withBind("127.0.0.1").withPort(0)
                .withAdminToken(TestSift.ADMIN_TOKEN).withMinFreeDisk(free - MARGIN);
        try (Sift running = Sift.start(s, Clock.systemUTC(), line -> {})) {
            TestSift sift = TestSift.attach(running, home);
            String amKey = sift.integration("alertmanager");
            String eventsKey = sift.integration("events");
            assertThat(send(sift, amKey, "Before").statusCode()).isEqualTo(200);

            Path filler = home.resolve("filler");
            allocate(filler, 2 * MARGIN);
            await().atMost(Duration.ofSeconds(20)).until(() -> send(sift, amKey, "Probe").statusCode() == 503);
            var refused = send(sift, amKey, "Refused");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
            assertThat(refused.body()).contains("nearly full", "SIFT_MIN_FREE_DISK", "nothing was stored", "disk_full");
            var event = sift.post("/v2/enqueue", null, EventsIngestTest.trigger(eventsKey, "disk-full-event",
                    "Refused event", "info"));
            assertThat(event.statusCode()).isEqualTo(503);
            var ready = sift.get("/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("nearly full");
            assertThat(sift.get("/healthz", null).statusCode()).as("alive, just not taking alerts").isEqualTo(200);
            assertThat(sift.getJson("/api/v1/alerts?q=Refused").get("items")).isEmpty();
            assertThat(BackpressureTest.metric(sift, "sift_disk_free_bytes")).isLessThan(free - MARGIN);

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(20)).until(() -> send(sift, amKey, "After").statusCode() == 200);
            assertThat(sift.get("/readyz", null).statusCode()).isEqualTo(200);
            assertThat(sift.getJson("/api/v1/alerts?q=Before").get("items")).hasSize(1);
            assertThat(sift.getJson("/api/v1/alerts?q=After").get("items")).hasSize(1);
        }
    }

    /**
     * A file whose blocks are really taken (a sparse file takes no space): fallocate(1) reserves them at once;
     * without it, zeros are written.
     */
    private static void allocate(Path file, long length) throws Exception {
        try {
            Process p = new ProcessBuilder("fallocate", "-l", Long.toString(length), file.toString())
                    .redirectErrorStream(true).start();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (java.io.IOException noFallocate) {
            // write zeros instead
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            var channel = f.getChannel();
            var block = java.nio.ByteBuffer.allocateDirect(8 << 20);
            for (long at = 0; at < length; at += block.capacity()) {
                block.clear();
                channel.write(block, at);
            }
            channel.force(false);
        }
    }

    private static java.net.http.HttpResponse<String> send(TestSift sift, String key, String alertname) {
        return sift.postRaw("/api/v1/integrations/alertmanager", key, "application/json",
                SignalLogTest.amBody(alertname, "firing").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
