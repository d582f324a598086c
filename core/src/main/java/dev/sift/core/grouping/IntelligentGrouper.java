package dev.sift.core.grouping;

import dev.sift.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The state of {@link IntelligentGrouping}. For each new alert episode, online:
 * <ol>
 *   <li><b>Transient or persistent?</b> An alert from a source that re-sends opens an incident of its own and
 *   waits: a transient failure resolves before it is sent again and stays apart; an alert sent again, or still
 *   firing after the stream's re-send interval ({@link ResendCadence}), has proven it persists and is placed then
 *   (its incident merges into the one it joins). Sources that never re-send are placed at once.</li>
 *   <li><b>Candidates</b>, from indexes, never from a scan of all open incidents: the members of its scope that
 *   began within the join window of it; the same alert at another severity still firing (an alert escalating:
 *   only the very alert, since another instance of the same kind beginning later is often a new problem);
 *   members of the same kind in other scopes that began within the cross-scope window (one cause across zones).
 *   An alert without a scope value (a global service) looks at every scope.</li>
 *   <li><b>Score</b> per open incident: its best evidence (time proximity e^(-Δ/window), 0.5 for the same alert
 *   still firing at another severity), plus a quarter of the co-occurrence share of the alert's kind with the
 *   incident's kinds, learned from the incidents made so far. The best incident wins; ties go to the newest. No
 *   candidate: it stays alone.</li>
 *   <li><b>Flaps</b>: an alert firing again within {@link IntelligentGrouping#flapWindow()} of the end of its last
 *   episode returns to its incident (one that waited alone waits again); a later episode is placed anew.</li>
 * </ol>
 * Every decision carries its evidence as text for the timeline. Memory: members of incidents that closed are
 * dropped, an incident keeps at most {@value #MAX_MEMBERS} members in the indexes, and the statistics are bounded
 * by {@link IntelligentGrouping#maxLearnedKinds()}.
 */
final class IntelligentGrouper implements Grouper {
    static final int MAX_MEMBERS = 256;
    private static final double CONTINUATION = 0.5;
    private static final double AFFINITY_WEIGHT = 0.25;
    /** What people taught outweighs any evidence the stream gives (at most about 1.5): they had a look. */
    private static final double LESSON_WEIGHT = 2;

    /** An alert waiting alone since {@code since} (its episode began, or it flapped back) to prove it persists. */
    private record Pending(Newcomer newcomer, long incidentId, String scope, String kind, Instant since) {}


    /** The best evidence that a newcomer belongs with one incident. */
    private record Evidence(long incidentId, double score, String text, Member via) {}

    private final IntelligentGrouping settings;
    private final LabelRoles roles;
    private final CoOccurrence coOccurrence;
    private final Map<String, MembersBySince> byScope = new HashMap<>();
    private final Map<String, MembersBySince> byKind = new HashMap<>();
    private final MembersBySince everyScope = new MembersBySince();
    /** Members still firing, by the alert whatever its severity: an alert escalating continues its incident. */
    private final Map<String, Map<Long, Member>> firingByAlert = new HashMap<>();
    private final Map<Long, List<Member>> membersOfIncident = new HashMap<>();
    private final Map<Long, Set<String>> kindsOfIncident = new HashMap<>();
    private final Map<Long, Member> memberOfAlert = new HashMap<>();
    /** In the order they began to wait, which is the order in which they will have waited long enough. */
    private final Waiting pending = new Waiting();
    private final ResendCadence cadence = new ResendCadence();
    /** Alerts that waited alone and ended before a re-send, in the order they ended, while they may still flap. */
    private final LinkedHashMap<Long, Ended> endedAlone = new LinkedHashMap<>();
    /** The same, by the incident they waited in: closing an incident must not look at all of them (a storm). */
    private final Map<Long, Set<Long>> endedAloneByIncident = new HashMap<>();

    private record Ended(Pending pending, Instant at) {}

    /** A waiting alert that began a burst in its scope, and when the last alert of the burst began. */
    private record Burst(long incidentId, Map<String, String> labels, Instant last) {}

    /** Per scope and alert name: the burst that a waiting alert started there (see {@link #place}). */
    private final Map<String, Burst> bursts = new HashMap<>();
    /** Alerts that {@link #place} put into a burst, until {@link #joined} is told: they wait like its first alert. */
    private final Set<Long> joiningBursts = new java.util.HashSet<>();
    /** People's corrections (see {@link Lessons}); the engine's, empty until it hands them over. */
    private Lessons lessons = new Lessons();
    /** Why the last {@link #bestCandidate} left out an incident that people had kept apart, or null. */
    private String keptApart;

    IntelligentGrouper(IntelligentGrouping settings) {
        this.settings = settings;
        this.roles = new LabelRoles(settings.scopeLabel(), settings.scopeHints(), settings.joinWindow().dividedBy(6));
        this.coOccurrence = new CoOccurrence(settings.maxLearnedKinds());
    }

    @Override
    public boolean placesEveryEpisode() {
        return true; // the same alert firing again hours later is often a new problem
    }

    @Override
    public GroupingDecision place(Newcomer n, Instant now, LongPredicate acceptsAlerts) {
        roles.observe(n);
        String scope = roles.scopeOf(n.labels());
        String kind = roles.kindOf(n);
        if (settings.waitForRepeat() && n.resends()) {
            GroupingDecision.Join burst = burst(n, scope, acceptsAlerts);
            if (burst != null) {
                return burst;
            }
            Duration cadence = this.cadence.typical();
            return new GroupingDecision.Open("alone for now: joins a related incident once it is sent again"
                    + (cadence == null ? "" : " or still fires after " + Durations.format(cadence))
                    + " (transient failures stay apart)", true);
        }
        Evidence best = bestCandidate(n, scope, kind, acceptsAlerts, 0);
        if (best == null) {
            return new GroupingDecision.Open(nothingRelated(scope) + (keptApart == null ? "" : "; " + keptApart),
                    false);
        }
        return new GroupingDecision.Join(best.incidentId(), best.text(), Math.min(1, best.score()));
    }

    /**
     * A storm: the same kind of alert beginning on one thing after another in one scope, each within
     * {@link IntelligentGrouping#burstWindow()} of the last, is one problem seen from many places (on the dev streams,
     * 98% of such first-seen pairs share an incident). The newcomer joins the incident of the burst at once and waits
     * there with its first alert; when one of them is sent again, the whole incident is placed. This also keeps a storm
     * of thousands of new alerts from opening thousands of incidents.
     */
    private GroupingDecision.Join burst(Newcomer n, String scope, LongPredicate acceptsAlerts) {
        if (scope == null) {
            return null; // without a scope, "the same place" is unknown
        }
        String key = scopeAndKind(scope, n.name()); // the name, not the kind: the kind may still hold the instance
        Burst b = bursts.get(key);
        if (b == null || !acceptsAlerts.test(b.incidentId())
                || Duration.between(b.last(), n.since()).abs().compareTo(settings.burstWindow()) > 0) {
            return null;
        }
        String other = theOneDifferentLabel(b.labels(), n.labels());
        if (other == null) {
            return null;
        }
        Duration gap = Duration.between(b.last(), n.since()).abs();
        bursts.put(key, new Burst(b.incidentId(), b.labels(), n.since().isAfter(b.last()) ? n.since() : b.last()));
        joiningBursts.add(n.alertId());
        return new GroupingDecision.Join(b.incidentId(), sameScopeText(scope) + "the same " + n.name() + " on another "
                + other + ", " + (gap.toSeconds() < 1 ? "under a second" : Durations.format(gap)) + " after the last one: a burst (it waits with them to be sent"
                + " again)", 1);
    }

    /**
     * The label in which two alerts differ when they are the same alert on two things (the instance, the pod, the
     * host): every other label equal, apart from severity, which a problem changes as it grows. Null otherwise.
     */
    private static String theOneDifferentLabel(Map<String, String> first, Map<String, String> newcomer) {
        if (first.size() != newcomer.size() || newcomer.size() - (newcomer.containsKey("severity") ? 1 : 0) < 2) {
            return null; // nothing left in common but the name: not enough to call it the same alert
        }
        String different = null;
        for (Map.Entry<String, String> e : newcomer.entrySet()) {
            String theirs = first.get(e.getKey());
            if (theirs == null) {
                return null;
            } else if (!theirs.equals(e.getValue()) && !"severity".equals(e.getKey())) {
                if (different != null) {
                    return null;
                }
                different = e.getKey();
            }
        }
        return different;
    }

    @Override
    public void opened(long incidentId, Newcomer n, GroupingDecision.Open decision) {
        String scope = roles.scopeOf(n.labels());
        String kind = roles.kindOf(n);
        cadence.began(n.alertId(), n.since());
        if (decision.pending()) {
            pending.put(n.alertId(), new Pending(n, incidentId, scope, kind, n.since()));
            if (scope != null) {
                bursts.put(scopeAndKind(scope, n.name()), new Burst(incidentId, n.labels(), n.since()));
            }
        } else {
            register(new Member(n.alertId(), incidentId, scope, kind, LabelRoles.withoutSeverity(n), n.name(),
                    n.since()));
        }
    }

    @Override
    public void joined(long incidentId, Newcomer n) {
        cadence.began(n.alertId(), n.since());
        if (joiningBursts.remove(n.alertId())) {
            pending.put(n.alertId(), new Pending(n, incidentId, roles.scopeOf(n.labels()), roles.kindOf(n),
                    n.since()));
            return;
        }
        register(new Member(n.alertId(), incidentId, roles.scopeOf(n.labels()), roles.kindOf(n),
                LabelRoles.withoutSeverity(n), n.name(), n.since()));
    }

    @Override
    public Optional<GroupingDecision.Join> sentAgain(long alertId, Instant now, LongPredicate acceptsAlerts) {
        cadence.sent(alertId, now);
        return persists(alertId, now, acceptsAlerts);
    }

    @Override
    public List<Long> lasting(Instant now) {
        Duration cadence = this.cadence.typical();
        if (cadence == null || pending.isEmpty()) {
            return List.of();
        }
        List<Long> lasting = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (now.isBefore(p.since().plus(cadence))) {
                break; // the rest began to wait later
            }
            lasting.add(p.newcomer().alertId());
        }
        return lasting;
    }

    @Override
    public Optional<GroupingDecision.Join> persists(long alertId, Instant now, LongPredicate acceptsAlerts) {
        Pending p = pending.remove(alertId);
        if (p == null) {
            return Optional.empty();
        }
        Newcomer n = p.newcomer();
        Evidence best = bestCandidate(n, p.scope(), p.kind(), acceptsAlerts, p.incidentId());
        long home = best == null ? p.incidentId() : best.incidentId();
        register(new Member(alertId, home, p.scope(), p.kind(), LabelRoles.withoutSeverity(n), n.name(), n.since()));
        if (best == null) {
            // The alerts of its burst that wait with it have the same evidence: they stay with it, placed now, and
            // a storm of thousands is not looked at one by one.
            for (Pending q : pending.removeIncident(p.incidentId())) {
                Newcomer c = q.newcomer();
                register(new Member(c.alertId(), home, q.scope(), q.kind(), LabelRoles.withoutSeverity(c), c.name(),
                        c.since()));
            }
            return Optional.empty();
        }
        return Optional.of(new GroupingDecision.Join(best.incidentId(), best.text(), Math.min(1, best.score())));
    }

    @Override
    public boolean placesAnew(long alertId, Instant now) {
        pruneEndedAlone(now);
        Ended alone = endedAlone.remove(alertId);
        unlinkEnded(alertId, alone);
        if (alone != null) {
            Pending p = alone.pending(); // it flaps: placed like any alert once it proves it persists
            pending.put(alertId, new Pending(p.newcomer(), p.incidentId(), p.scope(), p.kind(), now));
            cadence.began(alertId, now);
            return false;
        }
        Member m = memberOfAlert.get(alertId);
        if (m != null && !m.firing && m.ended != null && !now.isAfter(m.ended.plus(settings.flapWindow()))) {
            cadence.began(alertId, now);
            m.firing = true;
            m.ended = null;
            firingByAlert.computeIfAbsent(m.alert, k -> new HashMap<>()).put(m.alertId, m);
            return false;
        }
        return true;
    }

    private void pruneEndedAlone(Instant now) {
        var it = endedAlone.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (!now.isAfter(e.getValue().at().plus(settings.flapWindow()))) {
                break;
            }
            it.remove();
            unlinkEnded(e.getKey(), e.getValue());
        }
    }

    private void unlinkEnded(long alertId, Ended e) {
        if (e == null) {
            return;
        }
        Set<Long> ids = endedAloneByIncident.get(e.pending().incidentId());
        if (ids != null && ids.remove(alertId) && ids.isEmpty()) {
            endedAloneByIncident.remove(e.pending().incidentId());
        }
    }

    @Override
    public void episodeEnded(long alertId, Instant now) {
        cadence.ended(alertId);
        Pending p = pending.remove(alertId); // a transient: it stays alone
        if (p != null) {
            pruneEndedAlone(now);
            unlinkEnded(alertId, endedAlone.put(alertId, new Ended(p, now)));
            endedAloneByIncident.computeIfAbsent(p.incidentId(), k -> new java.util.HashSet<>()).add(alertId);
        }
        Member m = memberOfAlert.get(alertId);
        if (m != null && m.firing) {
            m.firing = false;
            m.ended = now;
            Map<Long, Member> firing = firingByAlert.get(m.alert);
            if (firing != null && firing.remove(alertId) != null && firing.isEmpty()) {
                firingByAlert.remove(m.alert);
            }
        }
    }

    /**
     * The alerts that waited in the merged incident with the one that was sent again (a burst) went along with it:
     * they are members of the incident they joined now, and evidence for what comes next.
     */
    @Override
    public void merged(long mergedId, long intoId) {
        for (Pending p : pending.removeIncident(mergedId)) {
            Newcomer n = p.newcomer();
            register(new Member(n.alertId(), intoId, p.scope(), p.kind(), LabelRoles.withoutSeverity(n), n.name(),
                    n.since()));
        }
    }

    @Override
    public void settled(long incidentId) {
        merged(incidentId, incidentId); // what waited there is placed there
    }

    @Override
    public void learnFrom(Lessons lessons) {
        this.lessons = lessons;
    }

    /** A person moved the alert elsewhere: it is no evidence for this incident any more. */
    @Override
    public void left(long alertId, long incidentId) {
        Pending p = pending.get(alertId);
        if (p != null && p.incidentId() == incidentId) {
            pending.remove(alertId);
        }
        unlinkEnded(alertId, endedAlone.remove(alertId));
        Member m = memberOfAlert.get(alertId);
        if (m != null && m.incidentId == incidentId) {
            unindex(m);
            List<Member> members = membersOfIncident.get(incidentId);
            if (members != null) {
                members.remove(m);
            }
        }
    }

    @Override
    public void closed(long incidentId) {
        for (Member m : membersOfIncident.getOrDefault(incidentId, List.of())) {
            unindex(m);
        }
        membersOfIncident.remove(incidentId);
        kindsOfIncident.remove(incidentId);
        pending.removeIncident(incidentId);
        Set<Long> ended = endedAloneByIncident.remove(incidentId);
        if (ended != null) {
            ended.forEach(endedAlone::remove);
        }
        bursts.values().removeIf(b -> b.incidentId() == incidentId);
    }

    // ---- candidates and evidence ---------------------------------------------------------------------------

    private Evidence bestCandidate(Newcomer n, String scope, String kind, LongPredicate acceptsAlerts,
                                   long excluded) {
        Map<Long, Evidence> byIncident = new HashMap<>();
        Duration window = settings.joinWindow();
        if (scope != null) {
            MembersBySince sameScope = byScope.get(scope);
            if (sameScope != null) {
                sameScope.forEachWithin(n.since(), window, m -> offer(byIncident, m,
                        proximity(m, n), sameScopeText(scope) + began(m, n)));
            }
        } else {
            everyScope.forEachWithin(n.since(), window, m -> offer(byIncident, m, proximity(m, n),
                    "no " + roles.scope() + " of its own; " + began(m, n)));
        }
        Map<Long, Member> firing = firingByAlert.get(LabelRoles.withoutSeverity(n));
        if (firing != null) {
            for (Member m : firing.values()) {
                offer(byIncident, m, CONTINUATION, (scope == null ? "" : sameScopeText(scope)) + n.name()
                        + " already fires there at another severity (since "
                        + Durations.format(Duration.between(m.since, n.since()).abs()) + ")");
            }
        }
        MembersBySince sameKind = byKind.get(kind);
        if (sameKind != null) {
            sameKind.forEachWithin(n.since(), settings.crossScopeWindow(), m -> {
                if (m.scope != null && !m.scope.equals(scope)) {
                    offer(byIncident, m, proximity(m, n), n.name() + " also began in " + roles.scope() + " "
                            + m.scope + " " + Durations.format(Duration.between(m.since, n.since()).abs())
                            + " apart: one cause across " + roles.scope() + "s");
                }
            });
        }
        keptApart = null;
        boolean taught = !lessons.isEmpty();
        if (taught) {
            offerTaught(byIncident, n, scope);
        }
        Evidence best = null;
        for (Evidence e : byIncident.values()) {
            if (e.incidentId() == excluded || !acceptsAlerts.test(e.incidentId())) {
                continue;
            }
            Lessons.Lesson lesson = taught ? strongestLesson(n.name(), e.incidentId()) : null;
            if (lesson != null && lesson.net() < 0) {
                if (keptApart == null || e.incidentId() > keptApartFrom) {
                    keptApartFrom = e.incidentId();
                    keptApart = "kept apart from #" + e.incidentId() + ": " + lesson.describe();
                }
                continue;
            }
            Set<String> theirKinds = kindsOfIncident.getOrDefault(e.incidentId(), Set.of());
            CoOccurrence.Affinity affinity = coOccurrence.best(kind, theirKinds);
            double score = e.score() + AFFINITY_WEIGHT * affinity.share() + (lesson == null ? 0 : LESSON_WEIGHT);
            String text = e.text() + affinityText(affinity) + (lesson == null ? "" : "; " + lesson.describe())
                    + "; score " + String.format(Locale.ROOT, "%.2f", score);
            Evidence scored = new Evidence(e.incidentId(), score, text, e.via());
            if (best == null || score > best.score()
                    || score == best.score() && e.incidentId() > best.incidentId()) {
                best = scored;
            }
        }
        return best;
    }

    private long keptApartFrom;

    /**
     * Incidents holding an alert that people merged with alerts of this name, near enough in time (as far apart as
     * people bridged, plus the join window) in the same scope: candidates even beyond the join window. Only names
     * people taught cost anything here.
     */
    private void offerTaught(Map<Long, Evidence> byIncident, Newcomer n, String scope) {
        for (Lessons.Lesson l : lessons.partnersOf(n.name()).values()) {
            if (l.net() <= 0) {
                continue;
            }
            String partner = l.name().equals(n.name()) ? l.other() : l.name();
            Duration window = l.span().plus(settings.joinWindow());
            MembersBySince near = scope == null ? everyScope : byScope.get(scope);
            if (near == null) {
                continue;
            }
            near.forEachWithin(n.since(), window, m -> {
                if (m.name.equals(partner) && (scope == null || m.scope == null || scope.equals(m.scope))
                        && !byIncident.containsKey(m.incidentId)) {
                    offer(byIncident, m, 0, (scope == null ? "" : sameScopeText(scope)) + began(m, n));
                }
            });
            if (scope != null) { // alerts of the partner without a scope (global ones) count too
                everyScope.forEachWithin(n.since(), window, m -> {
                    if (m.scope == null && m.name.equals(partner) && !byIncident.containsKey(m.incidentId)) {
                        offer(byIncident, m, 0, began(m, n));
                    }
                });
            }
        }
    }

    /**
     * The lesson people taught between this name and the names in the incident that weighs most: one that keeps
     * them apart (net below 0) before any that joins them; null when they taught nothing about it.
     */
    private Lessons.Lesson strongestLesson(String name, long incidentId) {
        Map<String, Lessons.Lesson> partners = lessons.partnersOf(name);
        if (partners.isEmpty()) {
            return null;
        }
        Lessons.Lesson best = null;
        for (Member m : membersOfIncident.getOrDefault(incidentId, List.of())) {
            Lessons.Lesson l = partners.get(m.name);
            if (l == null || l.net() == 0) {
                continue;
            }
            if (best == null || l.net() < 0 && best.net() > 0 || Integer.signum(l.net()) == Integer.signum(best.net())
                    && Math.abs(l.net()) > Math.abs(best.net())) {
                best = l;
            }
        }
        return best;
    }

    /** Keeps the strongest evidence per incident. */
    private static void offer(Map<Long, Evidence> byIncident, Member m, double score, String text) {
        Evidence known = byIncident.get(m.incidentId);
        if (known == null || score > known.score()) {
            byIncident.put(m.incidentId, new Evidence(m.incidentId, score, text, m));
        }
    }

    private double proximity(Member m, Newcomer n) {
        double seconds = Math.abs(Duration.between(m.since, n.since()).toMillis()) / 1000.0;
        return Math.exp(-seconds / settings.joinWindow().toSeconds());
    }

    private String sameScopeText(String scope) {
        return roles.scope() == null ? "" : "same " + roles.scope() + " " + scope + "; ";
    }

    private static String began(Member m, Newcomer n) {
        Duration d = Duration.between(m.since, n.since());
        return "began " + Durations.format(d.abs()) + (d.isNegative() ? " before " : " after ") + m.name;
    }

    private static String affinityText(CoOccurrence.Affinity a) {
        if (a.together() == 0) {
            return "";
        }
        return "; " + a.other().split(" ", 2)[0] + " and " + a.kind().split(" ", 2)[0] + " shared "
                + Math.round(100 * a.share()) + "% of past incidents (" + a.together() + " of "
                + a.incidentsOfOther() + ")";
    }

    private String nothingRelated(String scope) {
        String where = scope == null || roles.scope() == null ? "" : " in " + roles.scope() + " " + scope;
        return "nothing related open: no alert" + where + " began within "
                + Durations.format(settings.joinWindow());
    }

    // ---- indexes -------------------------------------------------------------------------------------------

    private void register(Member m) {
        List<Member> members = membersOfIncident.computeIfAbsent(m.incidentId, k -> new ArrayList<>());
        members.add(m);
        if (members.size() > MAX_MEMBERS) {
            unindex(members.remove(0)); // the oldest: recent members are the evidence that matters
        }
        memberOfAlert.put(m.alertId, m);
        if (m.scope != null) {
            byScope.computeIfAbsent(m.scope, k -> new MembersBySince()).add(m);
        }
        if (m.firing) {
            firingByAlert.computeIfAbsent(m.alert, k -> new HashMap<>()).put(m.alertId, m);
        }
        byKind.computeIfAbsent(m.kind, k -> new MembersBySince()).add(m);
        everyScope.add(m);
        Set<String> kinds = kindsOfIncident.computeIfAbsent(m.incidentId, k -> new LinkedHashSet<>());
        if (!kinds.contains(m.kind) && kinds.size() < MAX_MEMBERS) {
            coOccurrence.count(m.kind, kinds);
            kinds.add(m.kind);
        }
    }

    private void unindex(Member m) {
        memberOfAlert.remove(m.alertId, m);
        if (m.scope != null) {
            remove(byScope, m.scope, m);
        }
        Map<Long, Member> firing = firingByAlert.get(m.alert);
        if (firing != null && firing.remove(m.alertId, m) && firing.isEmpty()) {
            firingByAlert.remove(m.alert);
        }
        remove(byKind, m.kind, m);
        everyScope.remove(m);
    }

    private static void remove(Map<String, MembersBySince> index, String key, Member m) {
        MembersBySince members = index.get(key);
        if (members != null) {
            members.remove(m);
            if (members.isEmpty()) {
                index.remove(key);
            }
        }
    }

    /**
     * The alerts that wait to be sent again, also by incident: a storm leaves thousands waiting, and closing one
     * incident must not look at all of them.
     */
    private static final class Waiting {
        private final Map<Long, Pending> byAlert = new LinkedHashMap<>();
        private final Map<Long, Set<Long>> byIncident = new HashMap<>();

        void put(long alertId, Pending p) {
            remove(alertId);
            byAlert.put(alertId, p);
            byIncident.computeIfAbsent(p.incidentId(), k -> new java.util.HashSet<>()).add(alertId);
        }

        Pending get(long alertId) {
            return byAlert.get(alertId);
        }

        Pending remove(long alertId) {
            Pending p = byAlert.remove(alertId);
            if (p != null) {
                Set<Long> alerts = byIncident.get(p.incidentId());
                if (alerts != null && alerts.remove(alertId) && alerts.isEmpty()) {
                    byIncident.remove(p.incidentId());
                }
            }
            return p;
        }

        boolean isEmpty() {
            return byAlert.isEmpty();
        }

        /** In the order they began to wait. */
        java.util.Collection<Pending> values() {
            return byAlert.values();
        }

        /** Forgets the alerts waiting in the incident, and returns them. */
        List<Pending> removeIncident(long incidentId) {
            Set<Long> alerts = byIncident.remove(incidentId);
            if (alerts == null) {
                return List.of();
            }
            List<Pending> removed = new ArrayList<>(alerts.size());
            for (long alertId : alerts) {
                removed.add(byAlert.remove(alertId));
            }
            return removed;
        }
    }

    private static String scopeAndKind(String scope, String kind) {
        return scope + '\u0000' + kind;
    }
}
