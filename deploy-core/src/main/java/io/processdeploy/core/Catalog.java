package io.processdeploy.core;

import io.processdeploy.api.ImageReference;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The images an application is made of: the base of its runtime-bundle image, the platform
 * services (query, the two UIs, the bundled PostgreSQL) and the out-of-the-box connectors. A
 * descriptor can override a service's image (the runtime bundle's: its base); a custom connector
 * brings its own.
 *
 * <p>The runtime-bundle image is built from the release: the {@link #runtimeBundleBase()} plus
 * one layer of release files. The base must be able to run (an entrypoint or a command): the
 * image keeps its entrypoint, user, working directory and environment, and the container finds
 * the release through the variables {@code PROJECT_RELEASE_DIR}, {@code APPLICATION_VERSION},
 * {@code PROJECT_MANIFEST_FILE_PATH} and {@code SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX}.
 *
 * <pre>{@code
 * Catalog catalog = Catalog.builder()
 *     .withRegistryPrefix("127.0.0.1:5000/mirror")       // every image pulled from a mirror
 *     .withConnector("fax-connector", "127.0.0.1:5000/mirror/fax-connector:1.0")
 *     .build();
 * }</pre>
 */
public final class Catalog {
  /** Service name of the runtime bundle (its image is built from the release). */
  public static final String RUNTIME_BUNDLE = "runtime-bundle";
  /** Service name of the query service. */
  public static final String QUERY = "query";
  /** Service name of the Process Workspace UI. */
  public static final String PROCESS_WORKSPACE = "process-workspace";
  /** Service name of the Content App UI. */
  public static final String CONTENT_APP = "content-app";
  /** Service name of the bundled PostgreSQL database. */
  public static final String POSTGRESQL = "postgresql";

  /** Every platform service name, the ones infrastructure settings may be given for. */
  public static final SortedSet<String> SERVICES = Collections.unmodifiableSortedSet(
      new TreeSet<>(java.util.List.of(RUNTIME_BUNDLE, QUERY, PROCESS_WORKSPACE, CONTENT_APP,
          POSTGRESQL)));

  private static final Catalog DEFAULTS = new Builder()
      .withRuntimeBundleBase("docker.io/activiti/example-runtime-bundle:8.7.0")
      .withImage(QUERY, "docker.io/activiti/activiti-cloud-query:8.7.0")
      .withImage(PROCESS_WORKSPACE, "docker.io/alfresco/alfresco-process-workspace:7.1.0")
      .withImage(CONTENT_APP, "docker.io/alfresco/alfresco-content-app:5.2.0")
      .withImage(POSTGRESQL, "docker.io/library/postgres:15.8")
      .withConnector("email-connector", "docker.io/activiti/email-connector:8.7.0")
      .withConnector("rest-connector", "docker.io/activiti/rest-connector:8.7.0")
      .withConnector("slack-connector", "docker.io/activiti/slack-connector:8.7.0")
      .withConnector("docusign-connector", "docker.io/activiti/docusign-connector:8.7.0")
      .withConnector("salesforce-connector", "docker.io/activiti/salesforce-connector:8.7.0")
      .withConnector("twilio-connector", "docker.io/activiti/twilio-connector:8.7.0")
      .build();

  private final String runtimeBundleBase;
  private final Map<String, ImageReference> images;
  private final Map<String, ImageReference> connectors;

  private Catalog(String runtimeBundleBase, Map<String, ImageReference> images,
      Map<String, ImageReference> connectors) {
    this.runtimeBundleBase = runtimeBundleBase;
    this.images = Collections.unmodifiableMap(new TreeMap<>(images));
    this.connectors = Collections.unmodifiableMap(new TreeMap<>(connectors));
  }

  /** The catalog this library ships: public images of the platform services and connectors. */
  public static Catalog defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /**
   * The base of runtime-bundle images when the descriptor gives none (as the image of
   * {@link #RUNTIME_BUNDLE} in its infrastructure): a registry reference, or a Docker-format tar
   * as {@code docker-archive:/path/base.tar}.
   */
  public String runtimeBundleBase() {
    return runtimeBundleBase;
  }

  /** The image of a platform service ({@link #QUERY}, {@link #POSTGRESQL}…), if catalogued. */
  public Optional<ImageReference> image(String service) {
    return Optional.ofNullable(images.get(service));
  }

  /** The image of an out-of-the-box connector, or empty when {@code name} is not one. */
  public Optional<ImageReference> connector(String name) {
    return Optional.ofNullable(connectors.get(name));
  }

  /** Whether {@code name} is an out-of-the-box connector. */
  public boolean isOutOfTheBox(String name) {
    return connectors.containsKey(name);
  }

  /** Every platform service image, by service name. */
  public Map<String, ImageReference> images() {
    return images;
  }

  /** Every out-of-the-box connector image, by connector name. */
  public Map<String, ImageReference> connectors() {
    return connectors;
  }

  @Override
  public String toString() {
    return "Catalog[runtimeBundleBase=" + runtimeBundleBase + ", images=" + images + ", connectors=" + connectors + "]";
  }

  /** How a base image given as a Docker-format tar is written. */
  public static final String ARCHIVE_PREFIX = "docker-archive:";

  /** Builds a {@link Catalog}. */
  public static final class Builder {
    private final Map<String, ImageReference> images = new TreeMap<>();
    private final Map<String, ImageReference> connectors = new TreeMap<>();
    private String runtimeBundleBase;

    private Builder() {}

    private Builder(Catalog from) {
      runtimeBundleBase = from.runtimeBundleBase;
      images.putAll(from.images);
      connectors.putAll(from.connectors);
    }

    /**
     * Moves every image added so far to another registry and path, keeping the last path
     * component and the tag: with prefix {@code 127.0.0.1:5000/mirror},
     * {@code docker.io/library/postgres:15.8} becomes {@code 127.0.0.1:5000/mirror/postgres:15.8}.
     */
    public Builder withRegistryPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix was not specified");
      String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
      if (!runtimeBundleBase.startsWith(ARCHIVE_PREFIX)) {
        runtimeBundleBase = rebase(p, ImageReference.parse("catalog.runtimeBundleBase",
            runtimeBundleBase)).toString();
      }
      images.replaceAll((k, ref) -> rebase(p, ref));
      connectors.replaceAll((k, ref) -> rebase(p, ref));
      return this;
    }

    /**
     * Sets the base of runtime-bundle images: a registry reference, or a Docker-format tar as
     * {@code docker-archive:/path/base.tar}. It must be able to run; the build refuses one with
     * neither entrypoint nor command.
     *
     * @throws io.processdeploy.api.ValidationException when the reference does not parse
     */
    public Builder withRuntimeBundleBase(String base) {
      Objects.requireNonNull(base, "base was not specified");
      if (base.startsWith(ARCHIVE_PREFIX)) {
        if (base.length() == ARCHIVE_PREFIX.length()) {
          throw new io.processdeploy.api.ValidationException("catalog.runtimeBundleBase",
              "names no file; write docker-archive:/path/base.tar");
        }
        runtimeBundleBase = base;
      } else if (base.trim().equals("scratch")) {
        throw new io.processdeploy.api.ValidationException("catalog.runtimeBundleBase",
            "scratch runs nothing; give a runtime-bundle base image with an entrypoint");
      } else {
        runtimeBundleBase = ImageReference.parse("catalog.runtimeBundleBase", base).toString();
      }
      return this;
    }

    /**
     * Sets the image of a platform service.
     *
     * @throws io.processdeploy.api.ValidationException when the reference does not parse
     */
    public Builder withImage(String service, String reference) {
      Objects.requireNonNull(service, "service was not specified");
      images.put(service, ImageReference.parse("catalog.images[" + service + "]", reference));
      return this;
    }

    /**
     * Adds (or replaces) an out-of-the-box connector.
     *
     * @throws io.processdeploy.api.ValidationException when the reference does not parse
     */
    public Builder withConnector(String name, String reference) {
      Objects.requireNonNull(name, "connector name was not specified");
      connectors.put(name, ImageReference.parse("catalog.connectors[" + name + "]", reference));
      return this;
    }

    /** Removes an out-of-the-box connector. */
    public Builder withoutConnector(String name) {
      connectors.remove(name);
      return this;
    }

    /** Builds the catalog. */
    public Catalog build() {
      return new Catalog(runtimeBundleBase, images, connectors);
    }

    private static ImageReference rebase(String prefix, ImageReference ref) {
      String repo = ref.repository();
      String last = repo.substring(repo.lastIndexOf('/') + 1);
      StringBuilder text = new StringBuilder(prefix).append('/').append(last);
      if (ref.tag() != null) {
        text.append(':').append(ref.tag());
      }
      if (ref.digest() != null) {
        text.append('@').append(ref.digest());
      }
      return ImageReference.parse("catalog.registryPrefix", text.toString());
    }
  }
}
