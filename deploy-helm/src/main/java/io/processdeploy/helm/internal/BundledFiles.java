package io.processdeploy.helm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files this library ships for exports (the charts and the exported chart's fixed files),
 * read from the jar through the index {@value #INDEX} that lists them, one path a line.
 */
public final class BundledFiles {
  /** The folder of the bundled files on the class path. */
  public static final String ROOT = "io/processdeploy/helm/";
  /** The index of the bundled files, relative to {@link #ROOT}. */
  public static final String INDEX = "files.txt";

  private static final SortedMap<String, byte[]> ALL = loadAll();

  private BundledFiles() {}

  /** The bundled files under {@code prefix} (ending with {@code /}), keyed by the rest of the path. */
  public static SortedMap<String, byte[]> under(String prefix) {
    SortedMap<String, byte[]> out = new TreeMap<>();
    ALL.forEach((path, bytes) -> {
      if (path.startsWith(prefix)) {
        out.put(path.substring(prefix.length()), bytes);
      }
    });
    return Collections.unmodifiableSortedMap(out);
  }

  /** Every path the index lists. */
  public static java.util.Set<String> paths() {
    return ALL.keySet();
  }

  private static SortedMap<String, byte[]> loadAll() {
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (String line : new String(resource(INDEX), StandardCharsets.UTF_8).split("\n")) {
      String path = line.strip();
      if (!path.isEmpty() && !path.startsWith("#")) {
        files.put(path, resource(path));
      }
    }
    return Collections.unmodifiableSortedMap(files);
  }

  private static byte[] resource(String path) {
    try (InputStream in = BundledFiles.class.getClassLoader().getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + ROOT + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + ROOT + path, e);
    }
  }
}
