package city.urbanops.launchers.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises unpacking and starting Keycloak across threads and test JVMs: the distribution directory (its Quarkus
 * build and {@code data/import}) is shared, so only one start may touch it at a time.
 */
final class KeycloakLock implements AutoCloseable {

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private KeycloakLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static KeycloakLock acquire(Path runDirectory) {
        IN_THIS_JVM.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(runDirectory);
            channel = FileChannel.open(runDirectory.resolve("start.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new KeycloakLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            IN_THIS_JVM.unlock();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + runDirectory, io);
            }
            throw (RuntimeException) e;
        }
    }

    private static void closeQuietly(FileChannel channel, Exception primary) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the Keycloak start lock", e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }
}
