package io.processdeploy.helm.support;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Real Helm (helm-java: Helm compiled in, no binary, no network) run on an unzipped export.
 */
public final class RealHelm {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RealHelm() {}

  /**
   * Unzips an export into {@code into} and returns the chart folder (the zip's single top folder).
   *
   * @throws IllegalStateException when an entry would land outside {@code into}
   */
  public static Path unzip(byte[] zip, Path into) {
    String top = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IllegalStateException("zip entry escapes the folder: " + entry.getName());
        }
        String first = entry.getName().substring(0, entry.getName().indexOf('/'));
        if (top != null && !top.equals(first)) {
          throw new IllegalStateException("zip has two top folders: " + top + ", " + first);
        }
        top = first;
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.write(target, in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return into.resolve(top);
  }

  /** {@code helm lint --strict}. */
  public static LintResult lintStrict(Path chart) {
    return new Helm(chart).lint().strict().call();
  }

  /** {@code helm dependency build}, offline for vendored charts. */
  public static String dependencyBuild(Path chart) {
    return new Helm(chart).dependency().build().call();
  }

  /** {@code helm template <release> <chart> --namespace <namespace>}: the rendered manifests. */
  public static String template(Path chart, String release, String namespace) {
    return new Helm(chart).template().withName(release).withNamespace(namespace).call();
  }

  /**
   * The objects of a rendered manifest, typed by fabric8 (which fails on type errors and keeps
   * unknown fields aside, see {@link #unknownFields(HasMetadata)}).
   */
  public static List<HasMetadata> objects(String manifest) {
    List<HasMetadata> out = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      String body = document.lines().filter(l -> !l.startsWith("#")).reduce("",
          (a, b) -> a + b + "\n");
      if (!body.isBlank()) {
        out.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return out;
  }

  /** The fabric8 serialization used to read and compare objects. */
  public static KubernetesSerialization serialization() {
    return SERIALIZATION;
  }
}
