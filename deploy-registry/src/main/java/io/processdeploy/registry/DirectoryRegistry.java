package io.processdeploy.registry;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.internal.Digests;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.registry.internal.LayoutIndex;
import io.processdeploy.registry.internal.PushTargets;
import io.processdeploy.registry.internal.SettingChecks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A registry that keeps images as files in a directory, laid out as an OCI image layout
 * ({@code oci-layout}, {@code blobs/sha256/<hex>}, {@code index.json} with one entry per
 * repository and tag). It needs no server process: for demos, tests and the embedded cluster,
 * which asks {@link #digestOf} whether an image can be "pulled".
 *
 * <p>Like a real registry it stores each blob once, so pushing an unchanged image uploads 0 bytes,
 * and it writes the tag last, so a failed push leaves no tag. Several instances and processes may
 * share one directory.
 *
 * <p>Found by {@link java.util.ServiceLoader} with the lowest priority: the directory is the system
 * property {@value #DIRECTORY_PROPERTY}, else {@code processdeploy-registry} in the temporary
 * directory; the host is {@value #DEFAULT_HOST}.
 *
 * <pre>{@code
 * DirectoryRegistry registry = DirectoryRegistry.at(Path.of("build/registry"));
 * }</pre>
 */
public final class DirectoryRegistry implements ImageRegistry {
  /** System property naming the directory of the registry found by {@link java.util.ServiceLoader}. */
  public static final String DIRECTORY_PROPERTY = "processdeploy.registry.dir";
  /** The host images of a directory registry are named after unless another is given. */
  public static final String DEFAULT_HOST = "registry.local";
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final String host;
  private final String repositoryPrefix;

  /** The registry found by {@link java.util.ServiceLoader}; see the class description. */
  public DirectoryRegistry() {
    this(defaultDirectory(), DEFAULT_HOST, "");
  }

  private DirectoryRegistry(Path directory, String host, String repositoryPrefix) {
    this.directory = directory.toAbsolutePath().normalize();
    this.host = host;
    this.repositoryPrefix = repositoryPrefix;
  }

  /** A registry in {@code directory} (created when missing), host {@value #DEFAULT_HOST}. */
  public static DirectoryRegistry at(Path directory) {
    return builder(directory).build();
  }

  /** Starts describing a registry in {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  private static Path defaultDirectory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    return Paths.get(System.getProperty("java.io.tmpdir"), "processdeploy-registry");
  }

  @Override
  public String id() {
    return "directory";
  }

  /** The lowest: any other registry found on the class path wins. */
  @Override
  public int priority() {
    return -100;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String repositoryPrefix() {
    return repositoryPrefix;
  }

  /** The directory holding the images. */
  public Path directory() {
    return directory;
  }

  @Override
  public PushedImage push(BuiltImage image, ProgressSink progress) {
    ImageArchive archive = PushTargets.archiveOf(image, progress, host);
    ImageReference target = image.target();
    return locked(() -> {
      try {
        initLayout();
        long sent = 0;
        long kept = 0;
        int uploaded = 0;
        int skipped = 0;
        List<ImageArchive.Blob> blobs = archive.blobs();
        long total = blobs.stream().mapToLong(ImageArchive.Blob::size).sum();
        long done = 0;
        for (ImageArchive.Blob blob : blobs) {
          Path file = blobPath(blob.digest());
          if (Files.exists(file)) {
            skipped++;
            kept += blob.size();
          } else {
            try (InputStream in = archive.open(blob)) {
              writeBlob(in, blob.digest());
            }
            sent += blob.size();
            uploaded++;
          }
          done += blob.size();
          progress.progress(uploaded + skipped, blobs.size(), "blobs");
          progress.progress(done, total, "bytes");
        }
        byte[] manifest = archive.manifest();
        String digest = archive.manifestDigest();
        if (!Files.exists(blobPath(digest))) {
          writeBlob(new java.io.ByteArrayInputStream(manifest), digest);
        }
        String tag = target.tagOrLatest();
        LayoutIndex index = LayoutIndex.read(indexFile());
        index.put(new LayoutIndex.Entry(target.repository(), tag, digest,
            archive.manifestMediaType(), manifest.length));
        index.write(indexFile());
        progress.log("Stored " + target.withTag(tag).withDigest(digest) + " in " + directory
            + ": " + uploaded + " blobs written (" + sent + " bytes), " + skipped
            + " already there (" + kept + " bytes)");
        return new PushedImage(target.withTag(tag).withDigest(digest), sent, uploaded, skipped,
            kept);
      } catch (IOException e) {
        throw new StepFailedException("directory registry " + directory + " could not store "
            + target + ": " + e + "; check that the directory is writable and has space", false,
            e);
      }
    });
  }

  @Override
  public Optional<String> digestOf(ImageReference reference) {
    Objects.requireNonNull(reference, "reference was not specified");
    if (!reference.registry().equals(host)) {
      return Optional.empty();
    }
    return locked(() -> {
      try {
        LayoutIndex index = LayoutIndex.read(indexFile());
        if (reference.digest() != null) {
          return index.hasDigest(reference.repository(), reference.digest())
              ? Optional.of(reference.digest()) : Optional.empty();
        }
        return index.find(reference.repository(), reference.tagOrLatest())
            .map(LayoutIndex.Entry::digest);
      } catch (IOException e) {
        throw new StepFailedException("directory registry " + directory + " could not be read: "
            + e, false, e);
      }
    });
  }

  /** The sorted tags of a repository, empty when it has none. */
  public List<String> tags(String repository) {
    Objects.requireNonNull(repository, "repository was not specified");
    return locked(() -> {
      try {
        return LayoutIndex.read(indexFile()).tags(repository);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The stored blob of a digest (manifest, configuration or layer), when present. */
  public Optional<Path> blob(String digest) {
    Path file = blobPath(digest);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private Path indexFile() {
    return directory.resolve("index.json");
  }

  private Path blobPath(String digest) {
    return directory.resolve("blobs").resolve("sha256").resolve(Digests.hex(digest));
  }

  private void initLayout() throws IOException {
    Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
    Path layout = directory.resolve("oci-layout");
    if (!Files.exists(layout)) {
      Files.writeString(layout, "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
    }
  }

  /** Copies a blob into place through a temporary file, checking its digest. */
  private void writeBlob(InputStream in, String digest) throws IOException {
    Path file = blobPath(digest);
    Path tmp = Files.createTempFile(file.getParent(), ".blob", ".tmp");
    try {
      try (InputStream source = new java.security.DigestInputStream(in, Digests.sha256())) {
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        String actual = Digests.format(
            ((java.security.DigestInputStream) source).getMessageDigest().digest());
        if (!actual.equals(digest)) {
          throw new IOException("blob content has digest " + actual + ", expected " + digest);
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Runs {@code action} holding this directory's lock, in this process and across processes. */
  private <T> T locked(Supplier<T> action) {
    ReentrantLock lock = LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel channel = FileChannel.open(directory.resolve(".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock fileLock = channel.lock();
        try {
          return action.get();
        } finally {
          fileLock.release();
        }
      }
    } catch (IOException e) {
      throw new StepFailedException("directory registry " + directory + " could not be locked: "
          + e + "; check that the directory is writable", false, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DirectoryRegistry[" + host + " at " + directory + "]";
  }

  /** Describes a {@link DirectoryRegistry}; {@link #build()} makes it. */
  public static final class Builder {
    private final Path directory;
    private String host = DEFAULT_HOST;
    private String repositoryPrefix = "";

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory was not specified");
    }

    /** The host images are named after, {@value DirectoryRegistry#DEFAULT_HOST} by default. */
    public Builder withHost(String host) {
      Objects.requireNonNull(host, "host was not specified");
      if (!ImageReference.parse("host", host + "/check:1").registry().equals(host)) {
        throw new IllegalArgumentException("host '" + host + "' must look like a registry host,"
            + " with a '.' or a port, e.g. registry.local or localhost:5000");
      }
      this.host = host;
      return this;
    }

    /** Prefix of application repositories, e.g. {@code apps/}; empty by default. */
    public Builder withRepositoryPrefix(String prefix) {
      this.repositoryPrefix = SettingChecks.repositoryPrefix(prefix);
      return this;
    }

    /** Makes the registry. */
    public DirectoryRegistry build() {
      return new DirectoryRegistry(directory, host, repositoryPrefix);
    }
  }
}
