package dev.rehearsal.core.store.fs;

import dev.rehearsal.core.store.BackupStore;
import dev.rehearsal.core.store.NoSuchObjectException;
import dev.rehearsal.core.store.StoreOutput;
import dev.rehearsal.core.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory, the key being the relative path. A new object is written
 * to {@code <name>.tmp-<uuid>} beside its final name, forced to disk, then renamed atomically, and
 * its directory is forced too; so after a crash a key either holds the whole object or nothing.
 * Temporary files are never listed.
 */
public final class FileSystemBackupStore implements BackupStore {

    private static final String TMP_MARK = ".tmp-";

    private final Path root;

    public FileSystemBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return "file:" + root;
    }

    @Override
    public void probe() throws IOException {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".probe", TMP_MARK + "probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("store " + name() + " is not a writable directory: " + e, e);
        }
    }

    @Override
    public StoreOutput create(String key) throws IOException {
        Path target = resolve(key);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "object '" + key + "' already exists in store " + name());
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new IOException("cannot create directory for object '" + key + "' in store " + name() + ": " + e, e);
        }
        Path temp = target.resolveSibling(target.getFileName() + TMP_MARK + UUID.randomUUID());
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new FileOutput(key, target, temp, channel);
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path path = resolve(key);
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(name(), key);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        Path start = deepestDirectory(prefix);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> objects = new ArrayList<>();
        // Writers may be renaming temporary files in these directories meanwhile (segments read in
        // parallel): a file or directory that is gone by the time it is visited is not listed.
        Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                if (a.isRegularFile() && !p.getFileName().toString().contains(TMP_MARK)) {
                    String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    if (key.startsWith(prefix)) {
                        objects.add(new StoredObject(key, a.size()));
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        Files.deleteIfExists(path);
        // Leave no empty backup folders behind, but never remove the root.
        for (Path dir = path.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    break;
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void removeAbandonedUploads(String prefix) throws IOException {
        Path start = deepestDirectory(prefix);
        if (!Files.isDirectory(start)) {
            return;
        }
        List<Path> temps;
        try (Stream<Path> files = Files.walk(start)) {
            temps = files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().contains(TMP_MARK)
                    && root.relativize(p).toString().startsWith(prefix)).toList();
        }
        for (Path t : temps) {
            delete(root.relativize(t).toString().replace(t.getFileSystem().getSeparator(), "/"));
        }
    }

    private Path deepestDirectory(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : resolve(prefix.substring(0, slash));
    }

    private Path resolve(String key) {
        if (key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid object key '" + key + "' for store " + name());
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("object key '" + key + "' leaves store " + name());
        }
        return p;
    }

    private final class FileOutput extends StoreOutput {
        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean finished;

        FileOutput(String key, Path target, Path temp, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // Discarding anyway.
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover temporary file is never listed; the next clean-up of this prefix removes it.
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                channel.force(true);
                channel.close();
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString(), null,
                            "object '" + key + "' was created by someone else in store " + name());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                forceDirectory(target.getParent());
                finished = true;
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
