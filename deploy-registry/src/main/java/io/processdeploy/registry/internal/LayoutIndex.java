package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code index.json} of an OCI image layout holding several repositories: one entry per
 * repository and tag, with annotations {@value #REPOSITORY} and {@value #TAG}.
 */
public final class LayoutIndex {
  /** Annotation naming the repository of an entry. */
  public static final String REPOSITORY = "io.processdeploy.repository";
  /** The standard OCI annotation naming the tag of an entry. */
  public static final String TAG = "org.opencontainers.image.ref.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Entry> entries;

  private LayoutIndex(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * One tagged manifest.
   *
   * @param repository the repository
   * @param tag the tag
   * @param digest the manifest digest
   * @param mediaType the manifest media type
   * @param size the manifest size
   */
  public record Entry(String repository, String tag, String digest, String mediaType, long size) {}

  /** Reads {@code index.json}; an absent file is an empty index. */
  public static LayoutIndex read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (Files.exists(file)) {
      for (JsonNode m : JSON.readTree(file.toFile()).path("manifests")) {
        JsonNode a = m.path("annotations");
        if (a.hasNonNull(REPOSITORY) && a.hasNonNull(TAG)) {
          entries.add(new Entry(a.get(REPOSITORY).asText(), a.get(TAG).asText(),
              m.path("digest").asText(), m.path("mediaType").asText(), m.path("size").asLong()));
        }
      }
    }
    return new LayoutIndex(entries);
  }

  /** The entry of a repository's tag. */
  public Optional<Entry> find(String repository, String tag) {
    return entries.stream()
        .filter(e -> e.repository().equals(repository) && e.tag().equals(tag)).findFirst();
  }

  /** Whether a repository has a tag pointing at the digest. */
  public boolean hasDigest(String repository, String digest) {
    return entries.stream()
        .anyMatch(e -> e.repository().equals(repository) && e.digest().equals(digest));
  }

  /** The sorted tags of a repository. */
  public List<String> tags(String repository) {
    return entries.stream().filter(e -> e.repository().equals(repository)).map(Entry::tag)
        .sorted().toList();
  }

  /** Sets a tag (replacing an earlier entry of the same repository and tag). */
  public void put(Entry entry) {
    entries.removeIf(e -> e.repository().equals(entry.repository())
        && e.tag().equals(entry.tag()));
    entries.add(entry);
  }

  /** Writes the index atomically (a temporary file moved into place). */
  public void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = root.putArray("manifests");
    entries.stream()
        .sorted(Comparator.comparing(Entry::repository).thenComparing(Entry::tag))
        .forEach(e -> {
          ObjectNode m = manifests.addObject();
          m.put("mediaType", e.mediaType());
          m.put("digest", e.digest());
          m.put("size", e.size());
          ObjectNode a = m.putObject("annotations");
          a.put(REPOSITORY, e.repository());
          a.put(TAG, e.tag());
        });
    Path tmp = Files.createTempFile(file.getParent(), ".index", ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
