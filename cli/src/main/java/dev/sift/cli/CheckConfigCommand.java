package dev.sift.cli;

import dev.sift.app.config.ConfigProblem;
import dev.sift.app.config.InvalidConfig;
import dev.sift.app.config.RulesFile;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.routing.Route;
import dev.sift.core.rules.Rules;
import dev.sift.core.time.Durations;
import dev.sift.core.transients.TransientRule;
import java.util.List;
import java.util.stream.Collectors;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "check-config", description = "Validate a rules file; print every error with file, line and field.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the rules file, e.g. sift.yaml")
    Path file;

    @Override
    public Integer call() {
        try {
            Rules rules = RulesFile.load(file);
            AutomationPolicy p = rules.automation();
            System.out.println(file + ": OK");
            System.out.println("  auto-resolve: " + (p.autoResolve() ? "on" : "off")
                    + ", reopen window: " + Durations.format(p.reopenWindow())
                    + ", close after: " + Durations.format(p.closeAfter())
                    + ", expiry: " + Durations.format(p.resendingExpiry()) + " (re-sending sources), "
                    + (p.eventExpiry() == null ? "never" : Durations.format(p.eventExpiry())) + " (events)");
            System.out.println("  routes: " + describe(rules.routes().routes(), "routes", "    "));
            System.out.println("  silences: " + names(rules.silencing().silences().stream().map(x -> x.name()).toList())
                    + "; maintenance windows: " + names(rules.silencing().maintenance().stream().map(x -> x.name())
                    .toList()));
            System.out.println("  inhibit rules: " + names(rules.inhibition().rules().stream().map(x -> x.name())
                    .toList()));
            System.out.println("  transients: " + describe(rules.transients().rules()));
            System.out.println("  flapping: " + (rules.flapping().isOff() ? "off" : rules.flapping().describe()));
            if (!rules.sla().isEmpty()) { // in order: the first that applies to an incident is its policy
                System.out.println("  sla policies: " + String.join(", ", rules.sla().policies().stream()
                        .map(x -> x.name()).toList()));
            }
            if (!rules.notifying().channels().isEmpty()) {
                System.out.println("  channels: " + names(rules.notifying().channels().keySet().stream().sorted().toList())
                        + "; default: " + names(rules.notifying().defaultChannels()));
            }
            return 0;
        } catch (InvalidConfig e) {
            for (ConfigProblem problem : e.problems()) {
                System.out.println(problem);
            }
            System.out.println(e.problems().size() + " error(s) in " + file);
            return 1;
        }
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none" : names.size() + " (" + String.join(", ", names) + ")";
    }

    /** The transient rules in matching order (the first that matches holds an alert), with what each waits for. */
    private static String describe(List<TransientRule> rules) {
        if (rules.isEmpty()) {
            return "none (every alert opens or joins an incident at once)";
        }
        StringBuilder sb = new StringBuilder(rules.size() + " in matching order");
        for (int i = 0; i < rules.size(); i++) {
            TransientRule r = rules.get(i);
            List<String> waits = new java.util.ArrayList<>();
            if (r.holdFor() != null) {
                waits.add("firing for " + Durations.format(r.holdFor()));
            }
            if (r.minOccurrences() > 0) {
                waits.add("seen " + r.minOccurrences() + " times within " + Durations.format(r.window()));
            }
            sb.append("\n    transients[").append(i).append("] \"").append(r.name()).append("\": ")
                    .append(r.matchers().stream().map(Object::toString).collect(Collectors.joining(", ")))
                    .append(" → pending until ").append(String.join(" or ", waits));
        }
        return sb.toString();
    }

    /** The route tree, one route a line, so that a reviewer sees the order that matching follows. */
    private static String describe(List<Route> routes, String prefix, String indent) {
        if (routes.isEmpty()) {
            return prefix.equals("routes") ? "none (queue and priority from the defaults)" : "";
        }
        StringBuilder sb = new StringBuilder(prefix.equals("routes") ? routes.size() + " at the top" : "");
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String path = prefix + "[" + i + "]";
            sb.append('\n').append(indent).append(path).append(r.name() == null ? "" : " \"" + r.name() + "\"")
                    .append(": ").append(r.matchers().isEmpty() ? "every alert"
                            : r.matchers().stream().map(Object::toString).collect(Collectors.joining(", ")))
                    .append(r.continueMatching() ? " (continue)" : "")
                    .append(describe(r.routes(), path + ".routes", indent + "  "));
        }
        return sb.toString();
    }
}
