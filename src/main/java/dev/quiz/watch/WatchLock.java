package dev.quiz.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** One watcher per tree and branch: an OS file lock (gone when the process dies) holding the watcher's pid. */
public final class WatchLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WatchLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or explains who holds it. */
    public static WatchLock acquire(Path file, String what) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String pid = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IllegalStateException(what + " is already watched by quiz watch (pid " + pid + ")");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new WatchLock(channel, lock);
    }

    /** The pid of the quiz watch that holds this lock, if one does. */
    public static Optional<String> holder(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip());
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return Optional.of(String.valueOf(ProcessHandle.current().pid()));
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
