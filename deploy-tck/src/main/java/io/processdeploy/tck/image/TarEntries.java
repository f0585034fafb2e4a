package io.processdeploy.tck.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes the tar archives images are made of, with the JDK alone: enough of ustar, PAX
 * and GNU long names to read what Jib and Docker write, and to write small test layers.
 */
public final class TarEntries {
  private TarEntries() {}

  /**
   * One entry of a layer.
   *
   * @param path the path without a leading {@code /} or {@code ./}; folders end with {@code /}
   * @param mode the permission bits, e.g. {@code 0644}
   * @param modifiedSeconds the modification time in seconds since the epoch
   * @param type the tar type flag: {@code '0'} file, {@code '5'} folder, {@code '2'} link…
   * @param content the bytes of a file, empty for others
   */
  public record Entry(String path, int mode, long modifiedSeconds, char type, byte[] content) {
    /** Whether this is a regular file. */
    public boolean isFile() {
      return type == '0' || type == '\0';
    }

    /** The content as UTF-8 text. */
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** Reads every entry of a tar, gunzipping it first when it is gzip-compressed. */
  public static List<Entry> read(byte[] archive) {
    try {
      byte[] tar = archive;
      if (archive.length > 2 && (archive[0] & 0xff) == 0x1f && (archive[1] & 0xff) == 0x8b) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(archive))) {
          tar = in.readAllBytes();
        }
      }
      return parse(tar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Entry> parse(byte[] tar) {
    List<Entry> entries = new ArrayList<>();
    String longName = null;
    int offset = 0;
    while (offset + 512 <= tar.length) {
      if (isZeroBlock(tar, offset)) {
        break;
      }
      String name = string(tar, offset, 100);
      int mode = (int) octal(tar, offset + 100, 8);
      long size = octal(tar, offset + 124, 12);
      long mtime = octal(tar, offset + 136, 12);
      char type = (char) tar[offset + 156];
      String magic = string(tar, offset + 257, 6);
      if (magic.startsWith("ustar")) {
        String prefix = string(tar, offset + 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
      int dataStart = offset + 512;
      byte[] data = java.util.Arrays.copyOfRange(tar, dataStart, (int) (dataStart + size));
      offset = dataStart + (int) ((size + 511) / 512 * 512);
      if (type == 'L') {
        longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
        continue;
      }
      if (type == 'x') {
        longName = paxPath(new String(data, StandardCharsets.UTF_8));
        continue;
      }
      if (type == 'g') {
        continue;
      }
      if (longName != null) {
        name = longName;
        longName = null;
      }
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.substring(name.startsWith("./") ? 2 : 1);
      }
      entries.add(new Entry(name, mode, mtime, type, type == '5' ? new byte[0] : data));
    }
    return entries;
  }

  private static String paxPath(String records) {
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.startsWith("path=", space + 1)) {
        return line.substring(space + 6);
      }
    }
    return null;
  }

  private static boolean isZeroBlock(byte[] tar, int offset) {
    for (int i = 0; i < 512; i++) {
      if (tar[offset + i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String string(byte[] b, int offset, int length) {
    int end = offset;
    while (end < offset + length && b[end] != 0) {
      end++;
    }
    return new String(b, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int offset, int length) {
    String s = string(b, offset, length).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  /**
   * Writes a tar of regular files (mode 0644, time 1 s, owner 0), in the given order.
   *
   * @param files path to content
   * @param gzip whether to gzip the result
   */
  public static byte[] write(Map<String, byte[]> files, boolean gzip) {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    files.forEach((path, content) -> {
      byte[] header = new byte[512];
      put(header, 0, path, 100);
      put(header, 100, String.format("%07o", 0644), 8);
      put(header, 108, String.format("%07o", 0), 8);
      put(header, 116, String.format("%07o", 0), 8);
      put(header, 124, String.format("%011o", content.length), 12);
      put(header, 136, String.format("%011o", 1), 12);
      header[156] = '0';
      put(header, 257, "ustar", 6);
      put(header, 263, "00", 2);
      java.util.Arrays.fill(header, 148, 156, (byte) ' ');
      int sum = 0;
      for (byte b : header) {
        sum += b & 0xff;
      }
      put(header, 148, String.format("%06o", sum), 7);
      tar.writeBytes(header);
      tar.writeBytes(content);
      tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    });
    tar.writeBytes(new byte[1024]);
    if (!gzip) {
      return tar.toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String value, int length) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > length) {
      throw new IllegalArgumentException("'" + value + "' is longer than " + length + " bytes");
    }
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
