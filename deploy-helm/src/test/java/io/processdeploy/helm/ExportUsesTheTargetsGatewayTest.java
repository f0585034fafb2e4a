package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.processdeploy.api.Caller;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.helm.support.RealHelm;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export through the deployment service answers where a deployment would: the exporter the
 * service finds by default (no gateway of its own) takes the cluster target's base URL and
 * Ingress class, and real {@code helm template} renders the Ingress with that host and class.
 */
class ExportUsesTheTargetsGatewayTest {
  private static final Caller DEVOPS = new Caller("devops", Set.of(), Set.of("APS_DEVOPS"));

  private EmbeddedCluster cluster;
  private KubernetesClusterTarget target;
  private DeploymentService service;
  @TempDir
  Path temp;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.builder().withControllers(false).start();
    target = KubernetesClusterTarget.builder().withClient(cluster.client())
        .withGateway(Gateway.of(URI.create("https://apps.example.com/"), "nginx")).build();
    service = DeploymentService.builder().withReleaseSource(SampleReleases.source())
        .withStore(new InMemoryStore()).withImageBuilder(new NoImages())
        .withImageRegistry(new NoImages()).withClusterTarget(target)
        .withExporter(new HelmExporter()).build();
    service.createDescriptor(DEVOPS, SampleReleases.expensesRequest("expenses").build());
  }

  @AfterEach
  void stop() {
    service.close();
    target.close();
    cluster.close();
  }

  @Test
  void shouldRenderTheIngressWithTheClusterTargetsHostAndClass() {
    Ingress ingress = ingress(service.export(DEVOPS, "expenses", ExportOptions.DEFAULTS).zip());
    assertThat(ingress.getSpec().getRules()).singleElement()
        .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("apps.example.com"));
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
        .allSatisfy(p -> assertThat(p.getPath()).startsWith("/expenses/"));
  }

  @Test
  void shouldKeepAGatewayTheOptionsGive() {
    ExportOptions options = new ExportOptions(false, ChartLocation.vendored(),
        Gateway.of(URI.create("https://other.example.com/apps/"), null));
    Ingress ingress = ingress(service.export(DEVOPS, "expenses", options).zip());
    assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("other.example.com");
    assertThat(ingress.getSpec().getIngressClassName()).isNull();
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
        .allSatisfy(p -> assertThat(p.getPath()).startsWith("/apps/expenses/"));
  }

  private Ingress ingress(byte[] zip) {
    Path chart = RealHelm.unzip(zip, temp.resolve("chart-" + System.nanoTime()));
    RealHelm.dependencyBuild(chart);
    List<HasMetadata> objects = RealHelm.objects(RealHelm.template(chart, "expenses",
        "expenses"));
    return objects.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast)
        .findFirst().orElseThrow();
  }

  /** Builds and pushes nothing: an export needs neither. */
  private static final class NoImages implements io.processdeploy.api.spi.ImageBuilder,
      io.processdeploy.api.spi.ImageRegistry {
    @Override
    public io.processdeploy.api.spi.BuiltImage build(
        io.processdeploy.api.spi.ImageBuildRequest request,
        io.processdeploy.api.spi.ProgressSink progress) {
      throw new UnsupportedOperationException("no image is built for an export");
    }

    @Override
    public String host() {
      return "127.0.0.1:5000";
    }

    @Override
    public io.processdeploy.api.spi.PushedImage push(io.processdeploy.api.spi.BuiltImage image,
        io.processdeploy.api.spi.ProgressSink progress) {
      throw new UnsupportedOperationException("no image is pushed for an export");
    }

    @Override
    public java.util.Optional<String> digestOf(io.processdeploy.api.ImageReference reference) {
      return java.util.Optional.empty();
    }
  }
}
