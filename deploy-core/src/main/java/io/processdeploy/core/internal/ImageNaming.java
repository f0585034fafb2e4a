package io.processdeploy.core.internal;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.spi.ImageRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How application images are named and labelled. */
public final class ImageNaming {
  /** OCI label holding the application name. */
  public static final String TITLE_LABEL = "org.opencontainers.image.title";
  /** OCI label holding the release version. */
  public static final String VERSION_LABEL = "org.opencontainers.image.version";
  /** Label holding the project name. */
  public static final String PROJECT_LABEL = "processdeploy.io/project";
  /** Label holding the release version. */
  public static final String RELEASE_LABEL = "processdeploy.io/release";

  private ImageNaming() {}

  /**
   * Where an application's image goes:
   * {@code <registry host>/<repository prefix><application>:<release version as a tag>}.
   */
  public static ImageReference target(ImageRegistry registry, String application,
      String releaseVersion) {
    return new ImageReference(registry.host(), registry.repositoryPrefix() + application,
        tag(releaseVersion), null);
  }

  /**
   * A release version made a valid image tag: characters outside {@code [A-Za-z0-9_.-]} become
   * {@code -}, a leading {@code .} or {@code -} gets a {@code v} in front, at most 128 characters.
   */
  public static String tag(String version) {
    StringBuilder out = new StringBuilder();
    for (char c : version.trim().toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-';
      out.append(ok ? c : '-');
    }
    if (out.length() == 0 || out.charAt(0) == '.' || out.charAt(0) == '-') {
      out.insert(0, 'v');
    }
    return out.length() > 128 ? out.substring(0, 128) : out.toString();
  }

  /** The labels of an application's image. */
  public static Map<String, String> labels(String application, ReleasedProject project) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(TITLE_LABEL, application);
    labels.put(VERSION_LABEL, project.ref().version());
    labels.put(PROJECT_LABEL, project.projectName());
    labels.put(RELEASE_LABEL, project.ref().version());
    return labels;
  }

  /**
   * A connector name made a valid DNS label (Kubernetes service name): lowercase, characters
   * outside {@code [a-z0-9-]} become {@code -}, no leading or trailing {@code -}, at most 63.
   */
  public static String serviceName(String connectorName) {
    String lower = connectorName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    lower = lower.replaceAll("^-+", "");
    if (lower.length() > 63) {
      lower = lower.substring(0, 63);
    }
    lower = lower.replaceAll("-+$", "");
    if (lower.isEmpty() || !Character.isLetter(lower.charAt(0))) {
      lower = ("c-" + lower);
      lower = lower.length() > 63 ? lower.substring(0, 63).replaceAll("-+$", "") : lower;
    }
    return lower;
  }
}
