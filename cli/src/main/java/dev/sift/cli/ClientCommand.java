package dev.sift.cli;

import java.util.concurrent.Callable;

/** A command that talks to a running Sift; turns failures into one readable line and exit code 1. */
abstract class ClientCommand implements Callable<Integer> {
    @Override
    public final Integer call() {
        try {
            run(SiftClient.fromEnvironment());
            return 0;
        } catch (SiftClient.Failure e) {
            System.err.println("sift: " + e.getMessage());
            return 1;
        }
    }

    abstract void run(SiftClient client);
}
