package io.processdeploy.registry.internal;

import io.processdeploy.api.ReleaseContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context sent to a Docker engine: a generated {@code Dockerfile} ({@code FROM} the base,
 * {@code COPY} of the release files to the release directory) and the release files under
 * {@code release/}, written straight from memory into a tar, sorted, with fixed times,
 * permissions and owner. Nothing of the release touches the file system, so no link can lead out.
 */
public final class DockerBuildContext {
  private static final long FILE_TIME_SECONDS = 1;

  private DockerBuildContext() {}

  /** The Dockerfile for a base image reference (or {@code scratch}) and a release directory. */
  public static String dockerfile(String from, String releaseDirectory) {
    return "FROM " + from + "\n"
        + "COPY release/ " + releaseDirectory + "\n";
  }

  /** Writes the context tar to {@code file}. */
  public static void write(Path file, String dockerfile, ReleaseContent content)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      file(tar, "Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8));
      NavigableMap<String, byte[]> files = content.files();
      TreeSet<String> dirs = new TreeSet<>();
      dirs.add("release/");
      for (String path : files.keySet()) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
          dirs.add("release/" + path.substring(0, i + 1));
        }
      }
      for (String dir : dirs) {
        TarArchiveEntry entry = new TarArchiveEntry(dir);
        entry.setMode(040755);
        fixed(entry);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        file(tar, "release/" + e.getKey(), e.getValue());
      }
      tar.finish();
    }
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(0100644);
    fixed(entry);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void fixed(TarArchiveEntry entry) {
    entry.setModTime(FILE_TIME_SECONDS * 1000);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("root");
    entry.setGroupName("root");
  }
}
