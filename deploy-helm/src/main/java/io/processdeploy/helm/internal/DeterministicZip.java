package io.processdeploy.helm.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose bytes depend on its content alone: entries in sorted order, one fixed
 * timestamp, no extra fields, one compression level. The directories of the files get entries of
 * their own so that every unzip tool recreates them.
 */
public final class DeterministicZip {
  /**
   * The time stamped on every entry, as DOS local time. Not 1980-01-01 00:00: the JDK takes that
   * value for "before 1980" and then adds an extended timestamp in the machine's time zone.
   */
  static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private DeterministicZip() {}

  /**
   * Zips {@code files}, keyed by their path inside the zip ({@code /}-separated, relative).
   *
   * @return the zip bytes
   */
  public static byte[] zip(SortedMap<String, byte[]> files) {
    SortedMap<String, byte[]> entries = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      entries.put(file.getKey(), file.getValue());
      for (String dir : parents(file.getKey())) {
        entries.putIfAbsent(dir, null);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(Deflater.DEFAULT_COMPRESSION);
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        zipEntry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(zipEntry);
        if (entry.getValue() != null) {
          zip.write(entry.getValue());
        }
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the zip in memory", e);
    }
    return bytes.toByteArray();
  }

  private static TreeSet<String> parents(String path) {
    TreeSet<String> out = new TreeSet<>();
    int slash = path.indexOf('/');
    while (slash >= 0) {
      out.add(path.substring(0, slash + 1));
      slash = path.indexOf('/', slash + 1);
    }
    return out;
  }
}
