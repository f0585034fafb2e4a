package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job through the deployment service, with this target on the embedded cluster: deploy
 * a sample release, follow it to Running, change permissions, live through a crash loop, undeploy.
 * Images are "built" and "pushed" by small in-memory stand-ins; the embedded cluster only pulls
 * images that the stand-in registry holds.
 */
class DeploymentServiceEndToEndIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");

  private final InMemoryRegistry registry = new InMemoryRegistry();
  private final EmbeddedCluster cluster = EmbeddedCluster.start(
      image -> !image.startsWith(registry.host()) || registry.holds(image));
  private final KubernetesClusterTarget target = KubernetesClusterTarget.builder()
      .withClient(cluster.client()).withBaseUrl(URI.create("https://apps.example.com/"))
      .withStartupDeadline(Duration.ofMinutes(5)).build();
  @TempDir
  java.nio.file.Path work;

  @AfterEach
  void close() {
    target.close();
    cluster.close();
  }

  @Test
  void shouldDeployFollowChangePermissionsAndUndeployARelease() {
    try (DeploymentService service = service()) {
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
      Application running = service.awaitStatus(DEVOPS, "expenses",
          s -> s == ApplicationStatus.Running || s.isFailure(), PATIENCE);

      assertThat(running.status()).isEqualTo(ApplicationStatus.Running);
      assertThat(running.history()).extracting(StatusTransition::to).containsSubsequence(
          ApplicationStatus.DeployStarted, ApplicationStatus.Pending, ApplicationStatus.Running);
      assertThat(cluster.client().apps().deployments().inNamespace("expenses").list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .contains("runtime-bundle", SampleReleases.EMAIL_CONNECTOR);
      Links links = service.links(DEVOPS, "expenses");
      assertThat(links.gateway()).isEqualTo(URI.create("https://apps.example.com/expenses/"));

      String checksumBefore = checksum("runtime-bundle");
      service.updatePermissions(DEVOPS, "expenses",
          new Security(Members.users("bob"), Members.groups("accounting")));
      assertThat(checksum("runtime-bundle")).isNotEqualTo(checksumBefore);
      assertThat(service.getApplication(DEVOPS, "expenses").status())
          .isEqualTo(ApplicationStatus.Running);

      cluster.crashLoop("expenses", "runtime-bundle");
      Application unknown = service.awaitStatus(DEVOPS, "expenses",
          s -> s == ApplicationStatus.Unknown, PATIENCE);
      assertThat(unknown.history().get(unknown.history().size() - 1).reason())
          .contains("runtime-bundle").contains("CrashLoopBackOff");
      cluster.heal("expenses", "runtime-bundle");
      service.awaitStatus(DEVOPS, "expenses", s -> s == ApplicationStatus.Running, PATIENCE);

      service.undeploy(DEVOPS, "expenses");
      assertThat(cluster.client().namespaces().withName("expenses").get()).isNull();
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> service.getApplication(DEVOPS, "expenses")).isInstanceOf(NotFoundException.class);
    }
  }

  private String checksum(String deployment) {
    return cluster.client().apps().deployments().inNamespace("expenses").withName(deployment)
        .get().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(ResourceNames.SECURITY_CHECKSUM_ANNOTATION);
  }

  private DeploymentService service() {
    return DeploymentService.builder().withReleaseSource(SampleReleases.source())
        .withImageBuilder(new DigestOnlyBuilder()).withImageRegistry(registry)
        .withClusterTarget(target).withWorkDirectory(work).build();
  }

  /** "Builds" an image by computing a digest from the release files. */
  private static final class DigestOnlyBuilder implements ImageBuilder {
    @Override
    public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        request.content().files().forEach((path, bytes) -> {
          sha.update(path.getBytes(StandardCharsets.UTF_8));
          sha.update(bytes);
        });
        return new BuiltImage(request.target(), "sha256:" + HexFormat.of().formatHex(sha.digest()),
            null, 0);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Keeps pushed digests in memory; the embedded cluster pulls only what it holds. */
  private static final class InMemoryRegistry implements ImageRegistry {
    private final Map<String, String> digests = new ConcurrentHashMap<>();

    @Override
    public String host() {
      return "127.0.0.1:5999";
    }

    @Override
    public PushedImage push(BuiltImage image, ProgressSink progress) {
      ImageReference pushed = image.target().withDigest(image.digest());
      digests.put(image.target().withDigest(null).toString(), image.digest());
      return new PushedImage(pushed, 0, 0, 0);
    }

    @Override
    public Optional<String> digestOf(ImageReference reference) {
      return Optional.ofNullable(digests.get(reference.withDigest(null).toString()));
    }

    boolean holds(String image) {
      return digests.values().stream().anyMatch(image::contains);
    }
  }
}
