package dev.sift.core.silence;

import java.util.List;
import java.util.Objects;

/** The silences and maintenance windows of the rules file: part of {@link dev.sift.core.rules.Rules}. */
public record Silencing(List<Silence> silences, List<MaintenanceWindow> maintenance) {
    public static final Silencing NONE = new Silencing(List.of(), List.of());

    public Silencing {
        silences = List.copyOf(Objects.requireNonNull(silences, "silences"));
        maintenance = List.copyOf(Objects.requireNonNull(maintenance, "maintenance"));
    }

    public boolean isEmpty() {
        return silences.isEmpty() && maintenance.isEmpty();
    }
}
