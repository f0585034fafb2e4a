package io.processdeploy.helm.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The entries of a zip, in the order they are stored. */
public final class ZipContent {
  private ZipContent() {}

  /** Every entry's content by name, in stored order (directories map to empty arrays). */
  public static Map<String, byte[]> entries(byte[] zip) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every entry as read (for names, times, extra fields). */
  public static List<ZipEntry> zipEntries(byte[] zip) {
    List<ZipEntry> out = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        in.readAllBytes();
        out.add(e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** One entry as UTF-8 text. */
  public static String text(byte[] zip, String name) {
    byte[] bytes = entries(zip).get(name);
    if (bytes == null) {
      throw new IllegalArgumentException("no entry " + name + " in " + entries(zip).keySet());
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
