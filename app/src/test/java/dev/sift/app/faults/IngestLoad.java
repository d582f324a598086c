package dev.sift.app.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Senders that post to both ingest endpoints until closed, as fast as they are answered. Alertmanager bodies carry
 * a few alerts, events one each; each alert is either new or one of a fixed set sent again and again (a repeat).
 * Every 2xx goes into the {@link Acknowledged} ledger; every answer is counted in a {@link Tally} per endpoint and
 * phase. The test names the phases; an answer counts in a phase only if it was both sent and received in it.
 */
public final class IngestLoad implements AutoCloseable {
    public static final String ALERTMANAGER = "alertmanager";
    public static final String EVENTS = "events";
    public static final String BETWEEN_PHASES = "(between phases)";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Where to send, with the key of an integration of each kind. */
    public record Target(URI base, String alertmanagerKey, String eventsKey) {}

    /**
     * What to send.
     *
     * @param names the prefix of every alert's name (a test's own, so that its alerts can be found by it)
     * @param repeats how many alerts make up the set that is sent again and again
     * @param newShare the fraction of alerts that are new rather than repeats
     * @param pauseAfterRefusal how long a sender waits after an answer other than 2xx (zero: at once, a storm)
     */
    public record Mix(String names, int repeats, double newShare, int alertsPerBody, Duration pauseAfterRefusal) {}

    private record Phase(String name) {}

    private final Target target;
    private final Mix mix;
    private final Acknowledged acknowledged;
    private final String run = UUID.randomUUID().toString().substring(0, 6); // new alerts differ between loads
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<Phase> phase = new AtomicReference<>(new Phase("start"));
    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean stopped;

    private IngestLoad(Target target, Mix mix, Acknowledged acknowledged) {
        this.target = target;
        this.mix = mix;
        this.acknowledged = acknowledged;
    }

    public static IngestLoad start(Target target, Mix mix, int alertmanagerSenders, int eventSenders,
                                   Acknowledged acknowledged) {
        IngestLoad load = new IngestLoad(target, mix, acknowledged);
        for (int i = 0; i < alertmanagerSenders + eventSenders; i++) {
            String endpoint = i < alertmanagerSenders ? ALERTMANAGER : EVENTS;
            int sender = i;
            load.senders.add(Thread.ofVirtual().name("sender-" + endpoint + "-" + i)
                    .start(() -> load.send(endpoint, sender)));
        }
        return load;
    }

    /** From now on, answers count in a phase of this name. */
    public void phase(String name) {
        phase.set(new Phase(name));
    }

    public Tally tally(String phaseName, String endpoint) {
        return tallies.computeIfAbsent(phaseName + "/" + endpoint, k -> new Tally());
    }

    /** Every tally, by "phase/endpoint", for assertion messages. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        tallies.forEach((k, t) -> s.append("\n  ").append(k).append(": ").append(t));
        return s.toString();
    }

    private void send(String endpoint, int sender) {
        for (long n = 0; !stopped; n++) {
            List<String> keys = pick(endpoint, endpoint.equals(ALERTMANAGER) ? mix.alertsPerBody() : 1, sender, n);
            HttpRequest request = endpoint.equals(ALERTMANAGER) ? alertmanager(keys) : event(keys.getFirst());
            Phase sentIn = phase.get();
            long started = System.nanoTime();
            int status;
            boolean retryAfter = false;
            String body;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                retryAfter = r.headers().firstValue("Retry-After").isPresent();
                body = r.body();
            } catch (IOException e) {
                status = -1;
                body = e.toString();
            } catch (InterruptedException e) {
                return;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Phase answeredIn = phase.get();
            tally(sentIn == answeredIn ? answeredIn.name() : BETWEEN_PHASES, endpoint)
                    .record(status, retryAfter, millis, body);
            if (status >= 200 && status <= 299) {
                acknowledged.add(keys);
            } else if (!mix.pauseAfterRefusal().isZero()) {
                LockSupport.parkNanos(mix.pauseAfterRefusal().toNanos()); // pacing, like a sender that backs off
            }
        }
    }

    private List<String> pick(String endpoint, int count, int sender, long n) {
        String kind = endpoint.equals(ALERTMANAGER) ? "am" : "ev";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Set<String> keys = new HashSet<>(); // a repeat at most once per body
        for (int i = 0; keys.size() < count; i++) {
            keys.add(random.nextDouble() < mix.newShare()
                    ? mix.names() + "-" + kind + "-new-" + run + "-" + sender + "-" + n + "-" + i
                    : mix.names() + "-" + kind + "-again-" + random.nextInt(mix.repeats()));
        }
        return List.copyOf(keys);
    }

    private HttpRequest alertmanager(List<String> alertnames) {
        StringBuilder alerts = new StringBuilder();
        for (String name : alertnames) {
            alerts.append(alerts.isEmpty() ? "" : ",").append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"")
                    .append(name).append("\",\"severity\":\"warning\"},\"startsAt\":\"2026-11-22T07:00:00Z\"}");
        }
        String body = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + alerts + "]}";
        return HttpRequest.newBuilder(target.base().resolve("/api/v1/integrations/alertmanager"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + target.alertmanagerKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest event(String dedupKey) {
        String body = "{\"routing_key\":\"" + target.eventsKey() + "\",\"event_action\":\"trigger\",\"dedup_key\":\""
                + dedupKey + "\",\"payload\":{\"summary\":\"" + dedupKey + "\",\"source\":\"load\","
                + "\"severity\":\"warning\"}}";
        return HttpRequest.newBuilder(target.base().resolve("/v2/enqueue"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Stops the senders and waits for their last answers (bounded by the request timeout). */
    @Override
    public void close() {
        stopped = true;
        for (Thread t : senders) {
            try {
                if (!t.join(REQUEST_TIMEOUT.plusSeconds(10))) {
                    throw new IllegalStateException(t.getName() + " did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.shutdownNow();
    }
}
