package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.StepFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OCI distribution API operations this library needs, on top of a {@link RegistryClient}:
 * blob existence, monolithic and chunked blob uploads, manifest put and lookup, tag listing.
 */
public final class Distribution {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RegistryClient client;
  private final long chunkSize;

  /**
   * @param client the registry client
   * @param chunkSize blobs larger than this are uploaded in chunks of this size
   */
  public Distribution(RegistryClient client, long chunkSize) {
    this.client = client;
    this.chunkSize = chunkSize;
  }

  /** Whether the repository already holds the blob. */
  public boolean blobExists(String repository, String digest) {
    HttpResponse<byte[]> response = client.send("check of blob " + digest, repository, true,
        () -> HttpRequest.newBuilder(client.uri(repository + "/blobs/" + digest))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 200) {
      return true;
    }
    if (response.statusCode() == 404) {
      return false;
    }
    throw unexpected("check of blob " + digest, repository, response);
  }

  /** Something that can open a blob's bytes again for each attempt. */
  @FunctionalInterface
  public interface BlobSource {
    /** Opens the blob's bytes from the start. */
    InputStream open() throws IOException;
  }

  /**
   * Uploads a blob: monolithic when it fits in one chunk, else chunk by chunk; a failed upload is
   * restarted from the beginning by the retry of the failing request.
   *
   * @return the bytes sent
   */
  public long uploadBlob(String repository, String digest, long size, BlobSource source) {
    String what = "upload of blob " + digest;
    if (size <= chunkSize) {
      HttpResponse<byte[]> put = null;
      // A registry may forget an upload session after a failed PUT: start over once.
      for (int session = 0; session < 2 && (put == null || put.statusCode() == 404); session++) {
        URI location = startUpload(repository, what);
        put = client.send(what, repository, true,
            () -> HttpRequest.newBuilder(withDigest(location, digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> open(source)), size)));
      }
      checkCreated(put, what, repository, digest);
      return size;
    }
    URI location = startUpload(repository, what);
    URI next = location;
    long offset = 0;
    byte[] chunk = new byte[(int) chunkSize];
    try (InputStream in = source.open()) {
      while (offset < size) {
        int n = in.readNBytes(chunk, 0, (int) Math.min(chunkSize, size - offset));
        if (n <= 0) {
          throw new StepFailedException("blob " + digest + " ended after " + offset + " of " + size
              + " bytes; rebuild the image");
        }
        byte[] body = java.util.Arrays.copyOf(chunk, n);
        long start = offset;
        URI target = next;
        HttpResponse<byte[]> patch = client.send(what, repository, true,
            () -> HttpRequest.newBuilder(target)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Range", start + "-" + (start + n - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)));
        if (patch.statusCode() != 202) {
          throw unexpected(what, repository, patch);
        }
        next = location(patch, target);
        offset += n;
      }
    } catch (IOException e) {
      throw new StepFailedException("blob " + digest + " could not be read from the image"
          + " archive: " + e.getMessage(), false, e);
    }
    URI last = next;
    HttpResponse<byte[]> put = client.send(what, repository, true,
        () -> HttpRequest.newBuilder(withDigest(last, digest))
            .PUT(HttpRequest.BodyPublishers.noBody()));
    checkCreated(put, what, repository, digest);
    return size;
  }

  private static InputStream open(BlobSource source) {
    try {
      return source.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private URI startUpload(String repository, String what) {
    HttpResponse<byte[]> response = client.send(what, repository, true,
        () -> HttpRequest.newBuilder(client.uri(repository + "/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() != 202) {
      throw unexpected(what, repository, response);
    }
    return location(response, client.uri(repository + "/blobs/uploads/"));
  }

  private URI location(HttpResponse<byte[]> response, URI base) {
    String location = response.headers().firstValue("Location").orElseThrow(
        () -> new StepFailedException("registry " + client.host() + " started an upload without"
            + " a Location header; it does not follow the OCI distribution API"));
    return base.resolve(location);
  }

  private static URI withDigest(URI location, String digest) {
    String s = location.toString();
    return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest);
  }

  private void checkCreated(HttpResponse<byte[]> response, String what, String repository,
      String digest) {
    if (response.statusCode() != 201) {
      throw unexpected(what, repository, response);
    }
    Optional<String> stored = response.headers().firstValue("Docker-Content-Digest");
    if (stored.isPresent() && !stored.get().equals(digest)) {
      throw new StepFailedException("registry " + client.host() + " stored blob " + stored.get()
          + " instead of " + digest + "; the upload was corrupted, push again", true, null);
    }
  }

  /**
   * Puts a manifest under a tag and checks the digest the registry computed.
   *
   * @return the digest the registry reports
   */
  public String putManifest(String repository, String tag, String mediaType, byte[] manifest,
      String expectedDigest) {
    String what = "upload of manifest " + repository + ":" + tag;
    HttpResponse<byte[]> response = client.send(what, repository, true,
        () -> HttpRequest.newBuilder(client.uri(repository + "/manifests/" + tag))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw unexpected(what, repository, response);
    }
    String digest = response.headers().firstValue("Docker-Content-Digest").orElse(expectedDigest);
    if (!digest.equals(expectedDigest)) {
      throw new StepFailedException("registry " + client.host() + " stored manifest " + digest
          + " for " + repository + ":" + tag + " instead of " + expectedDigest, false, null);
    }
    return digest;
  }

  /** The digest of the manifest a tag or digest points at, or empty when there is none. */
  public Optional<String> manifestDigest(String repository, String reference) {
    String what = "lookup of " + repository + ":" + reference;
    HttpResponse<byte[]> response = client.send(what, repository, false,
        () -> HttpRequest.newBuilder(client.uri(repository + "/manifests/" + reference))
            .header("Accept", MediaTypes.MANIFEST_ACCEPT)
            .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw unexpected(what, repository, response);
    }
    Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      return header;
    }
    HttpResponse<byte[]> get = client.send(what, repository, false,
        () -> HttpRequest.newBuilder(client.uri(repository + "/manifests/" + reference))
            .header("Accept", MediaTypes.MANIFEST_ACCEPT).GET());
    if (get.statusCode() == 404) {
      return Optional.empty();
    }
    if (get.statusCode() != 200) {
      throw unexpected(what, repository, get);
    }
    return Optional.of(Digests.of(get.body()));
  }

  /**
   * A manifest as the registry serves it.
   *
   * @param mediaType its media type
   * @param body its bytes
   * @param digest the digest of {@code body}
   */
  public record Manifest(String mediaType, byte[] body, String digest) {}

  /** The manifest a tag or digest points at, or empty when there is none. */
  public Optional<Manifest> manifest(String repository, String reference) {
    String what = "download of manifest " + repository + ":" + reference;
    HttpResponse<byte[]> response = client.send(what, repository, false,
        () -> HttpRequest.newBuilder(client.uri(repository + "/manifests/" + reference))
            .header("Accept", MediaTypes.MANIFEST_ACCEPT).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw unexpected(what, repository, response);
    }
    String type = response.headers().firstValue("Content-Type").orElse("")
        .split(";", 2)[0].trim();
    return Optional.of(new Manifest(type, response.body(), Digests.of(response.body())));
  }

  /** A small blob's bytes (a configuration), checked against its digest. */
  public byte[] blob(String repository, String digest) {
    String what = "download of blob " + digest;
    HttpResponse<byte[]> response = client.send(what, repository, false,
        () -> HttpRequest.newBuilder(client.uri(repository + "/blobs/" + digest)).GET());
    if (response.statusCode() != 200) {
      throw unexpected(what, repository, response);
    }
    if (!Digests.of(response.body()).equals(digest)) {
      throw new StepFailedException("registry " + client.host() + " served blob " + digest
          + " of " + repository + " with other content", true, null);
    }
    return response.body();
  }

  /**
   * Asks the registry to link a blob of another of its repositories into {@code repository}
   * (cross-repository mount), so that it is neither downloaded nor uploaded.
   *
   * @return whether the blob is now in {@code repository}; false when the registry declined (it
   *     may not allow mounts, or the credentials may not reach {@code fromRepository})
   */
  public boolean mountBlob(String repository, String digest, String fromRepository) {
    String what = "mount of blob " + digest + " from " + fromRepository;
    String query = "?mount=" + digest + "&from=" + fromRepository;
    HttpResponse<byte[]> response = client.send(what, repository, true,
        () -> HttpRequest.newBuilder(client.uri(repository + "/blobs/uploads/" + query))
            .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 201) {
      return true;
    }
    if (response.statusCode() == 202) {
      // The registry opened an ordinary upload instead: close it, nothing was sent.
      response.headers().firstValue("Location").ifPresent(location -> {
        URI session = client.uri(repository + "/blobs/uploads/").resolve(location);
        client.send("cancel of " + what, repository, true,
            () -> HttpRequest.newBuilder(session).DELETE());
      });
    }
    return false;
  }

  /** The tags of a repository, empty when the repository does not exist. */
  public List<String> tags(String repository) {
    String what = "tag listing of " + repository;
    HttpResponse<byte[]> response = client.send(what, repository, false,
        () -> HttpRequest.newBuilder(client.uri(repository + "/tags/list")).GET());
    if (response.statusCode() == 404) {
      return List.of();
    }
    if (response.statusCode() != 200) {
      throw unexpected(what, repository, response);
    }
    List<String> tags = new ArrayList<>();
    try {
      for (JsonNode tag : JSON.readTree(response.body()).path("tags")) {
        tags.add(tag.asText());
      }
    } catch (IOException e) {
      throw new StepFailedException("registry " + client.host() + " answered the tag listing of "
          + repository + " with something that is not JSON", false, e);
    }
    tags.sort(null);
    return tags;
  }

  private StepFailedException unexpected(String what, String repository,
      HttpResponse<byte[]> response) {
    String errors = RegistryClient.errors(response);
    String hint = response.statusCode() == 404
        ? "; check that " + repository + " is a valid repository name on " + client.host()
        : "";
    return new StepFailedException("registry " + client.host() + " refused the " + what + ": "
        + errors + hint, false, null);
  }
}
