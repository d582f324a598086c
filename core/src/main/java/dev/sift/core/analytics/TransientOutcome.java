package dev.sift.core.analytics;

/**
 * What one transient rule did with the alerts it held in the period: how many it held, how many recovered while
 * held (auto-cleared: no incident, nobody paged), how many it let through to an incident, how many still wait.
 */
public record TransientOutcome(String rule, long held, long autoCleared, long letThrough, long pending) {
    /** autoCleared / held: the share of held alerts that never bothered anyone. */
    public Double autoClearedShare() {
        return held == 0 ? null : Math.round((double) autoCleared / held * 1000) / 1000.0;
    }
}
