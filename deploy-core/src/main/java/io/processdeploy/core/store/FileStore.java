package io.processdeploy.core.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import io.processdeploy.core.internal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link DeploymentStore} in one directory: one JSON file per descriptor
 * ({@code descriptors/<name>.json}) and per application ({@code applications/<name>.json}).
 *
 * <p>Every write goes to a temporary file that is flushed to disk, atomically moved over the
 * old file, and followed by a flush of the directory: when a method returns, the change survives
 * a crash, and a crash at any moment (even {@code kill -9}) leaves either the old or the new
 * file, never a torn one. Temporary files left by a crash are removed when the store opens.
 * Files are readable by their owner only, since descriptors hold secret values.
 *
 * <p>One process at a time: the directory is locked while the store is open. Versions and leases
 * therefore live in the process: versions start afresh when the store opens, and leases (which
 * only another process could contend for) are not kept on disk.
 *
 * <pre>{@code
 * DeploymentService service = DeploymentService.builder()
 *     .withStore(FileStore.open(Path.of("/var/lib/processdeploy")))
 *     ...
 * }</pre>
 */
public final class FileStore extends InProcessLeases {
  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ObjectMapper mapper = Json.store();
  private final AtomicLong tempCounter = new AtomicLong();
  private final AtomicLong versions = new AtomicLong();
  private final Shelf<DeploymentDescriptor> descriptors;
  private final Shelf<Application> applications;
  private volatile boolean closed;

  /** One kind of value: its directory ({@code <kind>s/}) and the values its files hold. */
  private final class Shelf<T> {
    final Class<T> type;
    final Function<T, String> name;
    final Path dir;
    final Records<T> records;

    Shelf(String article, String kind, Class<T> type, Function<T, String> name) {
      this.type = type;
      this.name = name;
      this.dir = root.resolve(kind + "s");
      this.records = new Records<>(article, kind, name, versions, new Records.Sink<>() {
        @Override
        public void write(String key, T value) {
          FileStore.this.write(dir, key, value);
        }

        @Override
        public void delete(String key) {
          FileStore.this.delete(dir, key);
        }
      });
    }

    void load() throws IOException {
      createDirectory(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().toList()) {
          String fileName = file.getFileName().toString();
          if (fileName.endsWith(TEMP_SUFFIX)) {
            LOG.info("removing {} left by an interrupted write", file);
            Files.deleteIfExists(file);
          } else if (fileName.endsWith(SUFFIX)) {
            String key = fileName.substring(0, fileName.length() - SUFFIX.length());
            records.load(key, read(file, key));
          }
        }
      }
      syncDirectory(dir);
    }

    private T read(Path file, String key) {
      T value;
      try {
        value = mapper.readValue(file.toFile(), type);
      } catch (JsonProcessingException e) {
        // No cause: a parser message may quote the file, and the file holds secret values.
        JsonLocation at = e.getLocation();
        throw new DeploymentException("the store file " + file + " cannot be read ("
            + e.getClass().getSimpleName() + (at == null ? "" : " at line " + at.getLineNr()
            + ", column " + at.getColumnNr()) + "); restore it from a backup or remove it");
      } catch (IOException | RuntimeException e) {
        throw new DeploymentException("the store file " + file + " cannot be read ("
            + e.getClass().getSimpleName() + "); restore it from a backup or remove it", e);
      }
      String stored = name.apply(value);
      if (!stored.equals(key)) {
        throw new DeploymentException("the store file " + file + " holds '" + stored
            + "', not '" + key + "'; rename or remove it");
      }
      return value;
    }
  }

  private FileStore(Path root, FileChannel lockChannel, FileLock lock, Clock clock) {
    super(clock);
    this.root = root;
    this.descriptors = new Shelf<>("a", "descriptor", DeploymentDescriptor.class,
        DeploymentDescriptor::name);
    this.applications = new Shelf<>("an", "application", Application.class, Application::name);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) a store in {@code directory}, loading what it holds.
   *
   * @throws DeploymentException when the directory cannot be used, is in use by another store, or
   *     holds a file that cannot be read
   */
  public static FileStore open(Path directory) {
    return open(directory, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) a store in {@code directory} whose leases expire by {@code clock}.
   *
   * @throws DeploymentException when the directory cannot be used, is in use by another store, or
   *     holds a file that cannot be read
   */
  public static FileStore open(Path directory, Clock clock) {
    Objects.requireNonNull(directory, "directory was not specified");
    Objects.requireNonNull(clock, "clock was not specified");
    Path root = directory.toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      createDirectory(root);
      channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new DeploymentException("the store directory " + root + " is in use by another"
            + " deployment service; close that one or use another directory");
      }
      FileStore store = new FileStore(root, channel, lock, clock);
      store.load();
      return store;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new DeploymentException("cannot open the store directory " + root + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** The directory of this store. */
  public Path directory() {
    return root;
  }

  @Override
  public String id() {
    return "file";
  }

  /** Up while the store is open, holds its lock and its directory is writable. */
  @Override
  public ComponentHealth health() {
    if (closed) {
      return ComponentHealth.down("store", "file store " + root + " is closed");
    }
    if (!lock.isValid()) {
      return ComponentHealth.down("store", "file store " + root + " lost its lock");
    }
    if (!Files.isDirectory(root) || !Files.isWritable(root)) {
      return ComponentHealth.down("store", "file store " + root + " is not a writable directory");
    }
    return ComponentHealth.up("store", "file store " + root);
  }

  @Override
  public synchronized void insertDescriptor(DeploymentDescriptor descriptor) {
    checkOpen();
    descriptors.records.insert(descriptor);
  }

  @Override
  public synchronized void replaceDescriptor(DeploymentDescriptor descriptor) {
    checkOpen();
    descriptors.records.replace(descriptor, Records.ANY);
  }

  @Override
  public synchronized long replaceDescriptor(DeploymentDescriptor descriptor,
      long expectedVersion) {
    checkOpen();
    return descriptors.records.replace(descriptor, expectedVersion);
  }

  @Override
  public Optional<DeploymentDescriptor> findDescriptor(String name) {
    return descriptors.records.findValue(name);
  }

  @Override
  public Optional<Versioned<DeploymentDescriptor>> findVersionedDescriptor(String name) {
    return descriptors.records.find(name);
  }

  @Override
  public List<DeploymentDescriptor> descriptors() {
    return descriptors.records.all();
  }

  @Override
  public synchronized boolean deleteDescriptor(String name) {
    checkOpen();
    return descriptors.records.delete(name, Records.ANY);
  }

  @Override
  public synchronized boolean deleteDescriptor(String name, long expectedVersion) {
    checkOpen();
    return descriptors.records.delete(name, expectedVersion);
  }

  @Override
  public synchronized void insertApplication(Application application) {
    checkOpen();
    applications.records.insert(application);
  }

  @Override
  public synchronized void replaceApplication(Application application) {
    checkOpen();
    applications.records.replace(application, Records.ANY);
  }

  @Override
  public synchronized long replaceApplication(Application application, long expectedVersion) {
    checkOpen();
    return applications.records.replace(application, expectedVersion);
  }

  @Override
  public Optional<Application> findApplication(String name) {
    return applications.records.findValue(name);
  }

  @Override
  public Optional<Versioned<Application>> findVersionedApplication(String name) {
    return applications.records.find(name);
  }

  @Override
  public List<Application> applications() {
    return applications.records.all();
  }

  @Override
  public synchronized boolean deleteApplication(String name) {
    checkOpen();
    return applications.records.delete(name, Records.ANY);
  }

  @Override
  public synchronized boolean deleteApplication(String name, long expectedVersion) {
    checkOpen();
    return applications.records.delete(name, expectedVersion);
  }

  /** Releases the directory lock. Closing twice is harmless. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("releasing the lock of {} failed", root, e);
    }
    closeQuietly(lockChannel);
  }

  @Override
  public String toString() {
    return "FileStore[" + root + "]";
  }

  private void load() throws IOException {
    descriptors.load();
    applications.load();
  }

  private void write(Path dir, String name, Object value) {
    Path target = dir.resolve(name + SUFFIX);
    Path temp = dir.resolve("." + name + "." + tempCounter.incrementAndGet() + TEMP_SUFFIX);
    try {
      byte[] bytes = mapper.writeValueAsBytes(value);
      try (FileChannel out = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), ownerOnly())) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new DeploymentException("the file system of " + root + " cannot replace files"
            + " atomically; use a local directory for the store", e);
      }
      syncDirectory(dir);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new DeploymentException("cannot write " + target + ": " + e, e);
    }
  }

  private void delete(Path dir, String name) {
    Path target = dir.resolve(name + SUFFIX);
    try {
      Files.deleteIfExists(target);
      syncDirectory(dir);
    } catch (IOException e) {
      throw new DeploymentException("cannot delete " + target + ": " + e, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + root + " is closed");
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (POSIX) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
    if (dir.getParent() != null) {
      syncDirectory(dir.getParent());
    }
  }

  /** Flushes a directory entry change (create, rename, delete) to disk, where the OS allows it. */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (POSIX) {
        throw e;
      }
      // Some platforms cannot open a directory; their file systems order metadata themselves.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}", file, e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing a lock channel failed", e);
      }
    }
  }
}
