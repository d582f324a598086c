package dev.sift.core.grouping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The grouping policies of the rules file, by name, and the one used where nothing names another (routes will pick
 * one by name).
 */
public record GroupingPolicies(String defaultName, Map<String, GroupingPolicy> byName) {
    public static final String DEFAULT = "default";

    public GroupingPolicies {
        Objects.requireNonNull(defaultName, "defaultName");
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (!byName.containsKey(defaultName)) {
            throw new IllegalArgumentException("no grouping policy named '" + defaultName + "'; defined: "
                    + byName.keySet());
        }
    }

    /** The built-in default: intelligent grouping with its default settings. */
    public static GroupingPolicies defaults() {
        return only(IntelligentGrouping.defaults());
    }

    /** One policy, used for everything. */
    public static GroupingPolicies only(GroupingPolicy policy) {
        return new GroupingPolicies(DEFAULT, Map.of(DEFAULT, policy));
    }

    public GroupingPolicy defaultPolicy() {
        return byName.get(defaultName);
    }

    /** @throws IllegalArgumentException naming the policies there are */
    public GroupingPolicy get(String name) {
        GroupingPolicy p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no grouping policy named '" + name + "'; defined: " + byName.keySet());
        }
        return p;
    }
}
