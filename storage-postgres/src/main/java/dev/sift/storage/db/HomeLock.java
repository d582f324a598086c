package dev.sift.storage.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <home>/postgres/sift.lock} for as long as a Sift uses that home's database. The kernel
 * drops it when the JVM dies, even by kill -9, while the postmaster would live on. So: lock held means the server
 * there has an owner; lock free but server running means it is an orphan that may be stopped.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) { // held by this very JVM
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Sift is already using the database in " + file.getParent()
                    + " (" + file + " is locked); stop it first, or give this one another home directory");
        }
        return new HomeLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway, and so does the end of the JVM
        }
    }
}
