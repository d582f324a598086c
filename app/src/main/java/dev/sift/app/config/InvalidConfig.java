package dev.sift.app.config;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be used, with every problem found in it. */
public final class InvalidConfig extends RuntimeException {
    private final List<ConfigProblem> problems;

    public InvalidConfig(List<ConfigProblem> problems) {
        super(problems.size() + " problem(s):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
