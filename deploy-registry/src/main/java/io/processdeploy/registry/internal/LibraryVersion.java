package io.processdeploy.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this library, as Maven wrote it into {@code version.properties} when the module
 * was built. The one place that knows it.
 */
public final class LibraryVersion {
  private static final String RESOURCE = "/io/processdeploy/registry/version.properties";
  private static final String VERSION = read();

  private LibraryVersion() {}

  /** The library's version, e.g. {@code 0.1.0}. */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    Properties properties = new Properties();
    try (InputStream in = LibraryVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path; the"
            + " deploy-registry jar is incomplete");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " could not be read", e);
    }
    String version = properties.getProperty("version", "");
    if (version.isBlank() || version.contains("${")) {
      throw new IllegalStateException(RESOURCE + " holds no version ('" + version + "'); the"
          + " module was built without resource filtering");
    }
    return version.trim();
  }
}
