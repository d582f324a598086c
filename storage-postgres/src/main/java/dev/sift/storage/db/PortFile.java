package dev.sift.storage.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's port, kept in {@code <home>/postgres/port} so that it stays the same across restarts and
 * tools (psql, pg_dump, monitoring) can be pointed at it. Another one is picked only if that port has been taken.
 */
final class PortFile {
    private static final Logger LOG = LoggerFactory.getLogger(PortFile.class);

    private PortFile() {}

    static int choose(Path file) throws IOException {
        OptionalInt remembered = read(file);
        if (remembered.isPresent() && isFree(remembered.getAsInt())) {
            return remembered.getAsInt();
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        if (remembered.isPresent()) {
            LOG.warn("port {} of the embedded PostgreSQL (recorded in {}) is taken by another program; using {}",
                    remembered.getAsInt(), file, port);
        }
        // Write and rename, so that a crash never leaves a half-written file behind.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return port;
    }

    private static OptionalInt read(Path file) {
        try {
            int port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return port > 0 && port < 65536 ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Binds like PostgreSQL will (127.0.0.1, address reuse on), so a port in TIME_WAIT still counts as free. */
    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
