package dev.sift.cli;

import dev.sift.app.config.ConfigProblem;
import dev.sift.app.config.InvalidConfig;
import dev.sift.app.config.RulesFile;
import dev.sift.core.automation.AutomationPolicy;
import dev.sift.core.time.Durations;
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
            AutomationPolicy p = RulesFile.load(file);
            System.out.println(file + ": OK");
            System.out.println("  auto-resolve: " + (p.autoResolve() ? "on" : "off")
                    + ", reopen window: " + Durations.format(p.reopenWindow())
                    + ", close after: " + Durations.format(p.closeAfter())
                    + ", expiry: " + Durations.format(p.resendingExpiry()) + " (re-sending sources), "
                    + (p.eventExpiry() == null ? "never" : Durations.format(p.eventExpiry())) + " (events)");
            return 0;
        } catch (InvalidConfig e) {
            for (ConfigProblem problem : e.problems()) {
                System.out.println(problem);
            }
            System.out.println(e.problems().size() + " error(s) in " + file);
            return 1;
        }
    }
}
