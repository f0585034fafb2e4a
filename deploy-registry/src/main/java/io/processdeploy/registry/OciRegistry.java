package io.processdeploy.registry;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.internal.Distribution;
import io.processdeploy.registry.internal.ImageArchive;
import io.processdeploy.registry.internal.PushTargets;
import io.processdeploy.registry.internal.RegistryClient;
import io.processdeploy.registry.internal.SettingChecks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry that speaks the OCI distribution API (Docker Hub, Harbor, GHCR, CNCF distribution…),
 * over HTTPS, or over plain HTTP when {@link Builder#allowInsecure()} was set for it.
 *
 * <p>Pushing uploads only the blobs the registry lacks (a redeploy of an unchanged release sends
 * no layer), then puts the manifest as the last request: a push that fails leaves no tag behind.
 * Transient failures are retried per {@link RetryPolicy}; refused credentials are not.
 *
 * <pre>{@code
 * ImageRegistry registry = OciRegistry.builder("127.0.0.1:5001")
 *     .withCredentials("ci", System.getenv("REGISTRY_PASSWORD"))
 *     .withRepositoryPrefix("apps/")
 *     .allowInsecure()
 *     .build();
 * }</pre>
 */
public final class OciRegistry implements ImageRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(OciRegistry.class);

  private final String host;
  private final String repositoryPrefix;
  private final RegistryCredentials credentials;
  private final CredentialHelper credentialHelper;
  private final boolean allowInsecure;
  private final Distribution distribution;
  private final RetryPolicy retry;
  private volatile Optional<RegistryCredentials> helped;

  private OciRegistry(Builder b) {
    this.host = b.host;
    this.repositoryPrefix = b.repositoryPrefix;
    this.credentials = b.credentials;
    this.credentialHelper = b.credentialHelper;
    this.allowInsecure = b.allowInsecure;
    RegistryClient client = new RegistryClient(host, allowInsecure, this::credentials, b.retry,
        b.timeout);
    this.distribution = new Distribution(client, b.chunkSize);
    this.retry = b.retry;
  }

  /**
   * Starts a registry description.
   *
   * @param host the registry's {@code host[:port]} as written in image references, e.g.
   *     {@code registry.example.com} or {@code 127.0.0.1:5000}
   */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  @Override
  public String id() {
    return "oci";
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public String repositoryPrefix() {
    return repositoryPrefix;
  }

  @Override
  public Optional<RegistryCredentials> credentials() {
    if (credentials != null) {
      return Optional.of(credentials);
    }
    Optional<RegistryCredentials> known = helped;
    if (known == null) {
      known = credentialHelper.credentialsFor(host);
      helped = known;
    }
    return known;
  }

  @Override
  public boolean allowInsecure() {
    return allowInsecure;
  }

  @Override
  public PushedImage push(BuiltImage image, ProgressSink progress) {
    ImageArchive archive = PushTargets.archiveOf(image, progress, host);
    ImageReference target = image.target();
    String repository = target.repository();
    List<ImageArchive.Blob> blobs = archive.blobs();
    long totalBytes = blobs.stream().mapToLong(ImageArchive.Blob::size).sum();
    progress.log("Pushing " + target.withDigest(null) + " (" + blobs.size() + " blobs, "
        + totalBytes + " bytes) to " + host);
    long sent = 0;
    long done = 0;
    long kept = 0;
    int uploaded = 0;
    int skipped = 0;
    for (ImageArchive.Blob blob : blobs) {
      if (distribution.blobExists(repository, blob.digest())) {
        skipped++;
        kept += blob.size();
        LOG.debug("{} already holds {} in {}", host, blob.digest(), repository);
      } else {
        sent += distribution.uploadBlob(repository, blob.digest(), blob.size(),
            () -> archive.open(blob));
        uploaded++;
      }
      done += blob.size();
      progress.progress(uploaded + skipped, blobs.size(), "blobs");
      progress.progress(done, totalBytes, "bytes");
    }
    String tag = target.tagOrLatest();
    String digest = distribution.putManifest(repository, tag, archive.manifestMediaType(),
        archive.manifest(), archive.manifestDigest());
    PushedImage pushed = new PushedImage(target.withTag(tag).withDigest(digest), sent, uploaded,
        skipped, kept);
    progress.log(pushed.summary());
    return pushed;
  }

  @Override
  public Optional<String> digestOf(ImageReference reference) {
    Objects.requireNonNull(reference, "reference was not specified");
    PushTargets.requireHost(reference, host);
    String ref = reference.digest() != null ? reference.digest() : reference.tagOrLatest();
    return distribution.manifestDigest(reference.repository(), ref);
  }

  /**
   * The tags of a repository, sorted; empty when the registry has no such repository.
   *
   * @param repository e.g. {@code apps/invoices}
   */
  public List<String> tags(String repository) {
    Objects.requireNonNull(repository, "repository was not specified");
    return distribution.tags(repository);
  }

  /** How transient failures are retried, for builders that push into this registry. */
  RetryPolicy retryPolicy() {
    return retry;
  }

  /** The distribution API client of this registry, for builders that push into it. */
  Distribution distribution() {
    return distribution;
  }

  @Override
  public String toString() {
    return "OciRegistry[" + (allowInsecure ? "http://" : "https://") + host + "/"
        + repositoryPrefix + (credentials != null ? ", user " + credentials.username() : "") + "]";
  }

  /** Describes an {@link OciRegistry}; {@link #build()} makes it. */
  public static final class Builder {
    private final String host;
    private String repositoryPrefix = "";
    private RegistryCredentials credentials;
    private CredentialHelper credentialHelper = CredentialHelper.none();
    private boolean allowInsecure;
    private RetryPolicy retry = RetryPolicy.defaults();
    private Duration timeout = Duration.ofSeconds(30);
    private long chunkSize = 16L * 1024 * 1024;

    private Builder(String host) {
      Objects.requireNonNull(host, "host was not specified");
      if (!host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:]+\\](:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("host '" + host + "' must be host[:port] without a"
            + " scheme or path, e.g. registry.example.com or 127.0.0.1:5000");
      }
      this.host = host;
    }

    /** Prefix of application repositories, e.g. {@code apps/}; empty by default. */
    public Builder withRepositoryPrefix(String prefix) {
      this.repositoryPrefix = SettingChecks.repositoryPrefix(prefix);
      return this;
    }

    /** The credentials to use with this registry (they win over a credential helper). */
    public Builder withCredentials(RegistryCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials were not specified");
      return this;
    }

    /** Shorthand for {@code withCredentials(new RegistryCredentials(username, password))}. */
    public Builder withCredentials(String username, String password) {
      return withCredentials(new RegistryCredentials(username, password));
    }

    /** Where to look up credentials when none were given explicitly. */
    public Builder withCredentialHelper(CredentialHelper helper) {
      this.credentialHelper = Objects.requireNonNull(helper, "helper was not specified");
      return this;
    }

    /**
     * Talks plain HTTP to this registry, credentials included. Only for registries on a trusted
     * network, such as a local test registry.
     */
    public Builder allowInsecure() {
      this.allowInsecure = true;
      return this;
    }

    /** How transient failures are retried; {@link RetryPolicy#defaults()} otherwise. */
    public Builder withRetryPolicy(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy was not specified");
      return this;
    }

    /** Timeout of each request (connect and answer); 30 s by default. */
    public Builder withTimeout(Duration timeout) {
      this.timeout = SettingChecks.timeout(timeout);
      return this;
    }

    /** Blobs larger than this are uploaded in chunks of this many bytes; 16 MiB by default. */
    public Builder withChunkSize(long bytes) {
      if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("chunk size must be between 1 KiB and 2 GiB, was "
            + bytes);
      }
      this.chunkSize = bytes;
      return this;
    }

    /** Makes the registry. */
    public OciRegistry build() {
      return new OciRegistry(this);
    }
  }
}
