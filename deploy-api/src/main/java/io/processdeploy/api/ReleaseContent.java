package io.processdeploy.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The files of a release, as relative path to bytes, sorted by path. Immutable: bytes are copied
 * in and out.
 *
 * <p>Layout, as the reference platform lays it out: a project manifest {@code <project>.json},
 * {@code processes/*.bpmn20.xml}, {@code connectors/*.json}, {@code forms/*.json},
 * {@code decision-tables/*} and UI definitions under {@code ui/} ({@code ui/process-workspace.json},
 * {@code ui/content-app.json}).
 *
 * <p>Paths are checked: an absolute path, a {@code ..} segment, a backslash, an empty segment or a
 * control character (NUL and line breaks included) is refused with a {@link ValidationException} before anything is written anywhere.
 */
public final class ReleaseContent {
  /** Folder of the process definitions. */
  public static final String PROCESSES = "processes/";
  /** Folder of the connector definitions. */
  public static final String CONNECTORS = "connectors/";
  /** Folder of the UI definitions. */
  public static final String UI = "ui/";

  private final NavigableMap<String, byte[]> files;

  private ReleaseContent(NavigableMap<String, byte[]> files) {
    this.files = files;
  }

  /** Content from a map of relative path to bytes. */
  public static ReleaseContent of(Map<String, byte[]> files) {
    NavigableMap<String, byte[]> copy = new TreeMap<>();
    files.forEach((path, bytes) -> copy.put(checkPath(path), bytes.clone()));
    return new ReleaseContent(copy);
  }

  /** Content from a map of relative path to UTF-8 text. */
  public static ReleaseContent ofText(Map<String, String> files) {
    NavigableMap<String, byte[]> copy = new TreeMap<>();
    files.forEach((path, text) -> copy.put(checkPath(path), text.getBytes(StandardCharsets.UTF_8)));
    return new ReleaseContent(copy);
  }

  /** Content from the bytes of a zip archive; folders are skipped. */
  public static ReleaseContent fromZip(byte[] zip) {
    NavigableMap<String, byte[]> copy = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          in.transferTo(out);
          copy.put(checkPath(e.getName()), out.toByteArray());
        }
      }
    } catch (IOException e) {
      throw new ValidationException("release.content", "is not a readable zip archive: "
          + e.getMessage());
    }
    return new ReleaseContent(copy);
  }

  /**
   * Checks that {@code path} is a safe relative path inside the release.
   *
   * @return the path
   * @throws ValidationException naming {@code release.content[path]}
   */
  public static String checkPath(String path) {
    String field = "release.content[" + path + "]";
    if (path == null || path.isEmpty()) {
      throw new ValidationException("release.content", "a file has an empty path");
    }
    int bad = Names.unsafeCharacter(path);
    for (int i = 0; bad < 0 && i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        bad = i;
      }
    }
    if (bad >= 0) {
      throw new ValidationException("release.content", "a file path holds the character "
          + Names.describe(path, bad) + " at position " + bad + "; release files must have"
          + " plain relative paths without control characters");
    }
    if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
      throw new ValidationException(field, "is absolute; release files must use relative paths");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        throw new ValidationException(field, "contains '..'; release files must stay inside the"
            + " release");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw new ValidationException(field, "has an empty or '.' segment; use a plain relative"
            + " path such as processes/order.bpmn20.xml");
      }
    }
    return path;
  }

  /** The paths, sorted. */
  public NavigableMap<String, Integer> sizes() {
    NavigableMap<String, Integer> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, v.length));
    return Collections.unmodifiableNavigableMap(out);
  }

  /** The sorted paths. */
  public java.util.NavigableSet<String> paths() {
    return Collections.unmodifiableNavigableSet(files.navigableKeySet());
  }

  /** A copy of one file's bytes. */
  public Optional<byte[]> file(String path) {
    byte[] bytes = files.get(path);
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /** One file as UTF-8 text. */
  public Optional<String> text(String path) {
    byte[] bytes = files.get(path);
    return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The files whose paths start with {@code prefix}, sorted, as a copy. */
  public NavigableMap<String, byte[]> under(String prefix) {
    NavigableMap<String, byte[]> out = new TreeMap<>();
    files.subMap(prefix, true, prefix + Character.MAX_VALUE, false)
        .forEach((k, v) -> out.put(k, v.clone()));
    return out;
  }

  /** A copy of every file. */
  public NavigableMap<String, byte[]> files() {
    return under("");
  }

  /** Number of files. */
  public int size() {
    return files.size();
  }

  /** Total bytes. */
  public long totalBytes() {
    return files.values().stream().mapToLong(b -> b.length).sum();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ReleaseContent other) || other.files.size() != files.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.files.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "ReleaseContent" + files.keySet();
  }

}
