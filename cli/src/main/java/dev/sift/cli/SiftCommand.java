package dev.sift.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sift}: the one entry point, for the service and for the people who use it. */
@Command(name = "sift", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Sift turns alerts into a short, prioritised, owned list of incidents.",
        subcommands = {ServeCommand.class, ReplayCommand.class, CheckConfigCommand.class, IncidentsCommand.class,
                AlertsCommand.class, NotificationsCommand.class, UsersCommand.class, IntegrationsCommand.class,
                SilencesCommand.class, AnalyticsCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Client commands talk to SIFT_URL (default http://127.0.0.1:8080) with the token in SIFT_TOKEN."})
public final class SiftCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new SiftCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
