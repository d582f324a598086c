package dev.sift.app.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, the Unix way to say "reload your configuration". The JVM's own handler would shut Sift down on SIGHUP;
 * this one runs the reload instead. One process has one handler: the last Sift started in a JVM gets it.
 */
final class Hangup {
    private static final Logger LOG = LoggerFactory.getLogger(Hangup.class);
    private static volatile Runnable action;
    private static boolean installed;

    private Hangup() {}

    static synchronized void onSignal(Runnable reload) {
        action = reload;
        if (installed) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                Runnable a = action;
                if (a != null) {
                    LOG.info("SIGHUP: reloading the rules file");
                    a.run();
                }
            });
            installed = true;
        } catch (IllegalArgumentException e) { // no SIGHUP here (Windows), or the JVM runs with -Xrs
            LOG.info("SIGHUP is not available ({}); the rules file is still reloaded when it changes", e.getMessage());
        }
    }

    /**
     * After Sift stopped, SIGHUP does nothing (rather than shutting down the JVM, which may hold other work), unless
     * a later Sift took the handler over.
     */
    static synchronized void clear(Runnable reload) {
        if (action == reload) {
            action = null;
        }
    }
}
