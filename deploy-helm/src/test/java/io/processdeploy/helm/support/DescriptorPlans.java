package io.processdeploy.helm.support;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Probe;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.SampleReleases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans exactly as the deployment service computes them from descriptors of the sample releases:
 * the expenses release (out-of-the-box and custom connectors with variables, both UIs), the
 * timesheets release (no UI), expenses with an external PostgreSQL, expenses with custom
 * images, and expenses with production settings (replicas, resources, probes, placement, tokens,
 * Ingress).
 */
public final class DescriptorPlans {
  private static final Caller DEVOPS = new Caller("devops", Set.of(), Set.of("APS_DEVOPS"));

  private DescriptorPlans() {}

  /** Every descriptor plan, by a short name for test display. */
  public static Map<String, ApplicationPlan> all() {
    Map<String, DescriptorRequest> requests = new LinkedHashMap<>();
    requests.put("expenses", SampleReleases.expensesRequest("expenses").build());
    requests.put("timesheets", SampleReleases.timesheetsRequest("timesheets").build());
    Map<String, String> database = Map.of("url", "jdbc:postgresql://db.example.com/expenses",
        "username", "expenses", "password", "db-pa55word",
        "jpaDatabasePlatform", "org.hibernate.dialect.PostgreSQLDialect");
    ServiceSettings external =
        new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, database));
    requests.put("expenses-external-db", SampleReleases.expensesRequest("expenses-db")
        .withInfrastructure(new Infrastructure(external, Map.of())).build());
    requests.put("expenses-custom-images", SampleReleases.expensesRequest("expenses-custom")
        .withInfrastructure(new Infrastructure(null, Map.of(
            "query", new ServiceSettings(
                ImageReference.parse("registry.example.com/platform/query:9.0.1"), Map.of()),
            "process-workspace", new ServiceSettings(
                ImageReference.parse("registry.example.com/ui/workspace:7.2.0"), Map.of()))))
        .build());
    requests.put("expenses-every-setting", SampleReleases.expensesRequest("expenses-every")
        .withInfrastructure(new Infrastructure(ServiceSettings.NONE
            .withRequests(new ComputeResources("150m", "300Mi"))
            .withLimits(new ComputeResources("2", "2Gi"))
            .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
            .withTolerations(List.of(new Toleration(null, "Exists", null, "NoSchedule", null))),
            Map.of("runtime-bundle", ServiceSettings.NONE.withReplicas(2)
                    .withLivenessProbe(new Probe("/actuator/health/liveness", 20, 15, 3, 4))
                    .withAffinity(SamplePlans.AFFINITY),
                "invoice-scanner", ServiceSettings.NONE.withReplicas(0)
                    .withAutomountServiceAccountToken(true)
                    .withStartupProbe(new Probe(null, null, null, null, 90))))
            .withIngress(new IngressSettings("nginx", "expenses.example.com", "expenses-tls",
                Map.of("nginx.ingress.kubernetes.io/proxy-body-size", "20m"))))
        .build());
    return plans(requests);
  }

  /** The plan of one request, secret values included. */
  public static ApplicationPlan of(DescriptorRequest request) {
    return plans(Map.of("one", request)).get("descriptor one");
  }

  private static Map<String, ApplicationPlan> plans(Map<String, DescriptorRequest> requests) {
    Map<String, ApplicationPlan> plans = new LinkedHashMap<>();
    try (DeploymentService service = DeploymentService.builder()
        .withReleaseSource(SampleReleases.source()).withStore(new InMemoryStore())
        .withImageBuilder(new NoImages()).withImageRegistry(new NoImages())
        .withClusterTarget(new NoCluster()).withExporter(new io.processdeploy.helm.HelmExporter())
        .build()) {
      requests.forEach((name, request) -> {
        service.createDescriptor(DEVOPS, request);
        plans.put("descriptor " + name, service.plan(DEVOPS, request.name(), true));
      });
    }
    return plans;
  }

  /** Builds and pushes nothing: a plan needs neither. */
  private static final class NoImages implements ImageBuilder, ImageRegistry {
    @Override
    public BuiltImage build(ImageBuildRequest request, ProgressSink progress) {
      throw new UnsupportedOperationException("no image is built for a plan");
    }

    @Override
    public String host() {
      return "127.0.0.1:5000";
    }

    @Override
    public PushedImage push(BuiltImage image, ProgressSink progress) {
      throw new UnsupportedOperationException("no image is pushed for a plan");
    }

    @Override
    public Optional<String> digestOf(ImageReference reference) {
      return Optional.empty();
    }
  }

  /** A cluster where every namespace is free; nothing is deployed for a plan. */
  private static final class NoCluster implements ClusterTarget {
    @Override
    public void checkNamespace(String namespace) {}

    @Override
    public void apply(io.processdeploy.api.ApplicationPlan plan, ProgressSink progress) {
      throw new UnsupportedOperationException("nothing is deployed for a plan");
    }

    @Override
    public io.processdeploy.api.event.Subscription watch(io.processdeploy.api.ApplicationPlan plan,
        java.util.function.Consumer<io.processdeploy.api.spi.ClusterHealth> listener) {
      return () -> { };
    }

    @Override
    public void updateSecurity(io.processdeploy.api.ApplicationPlan plan) {
      throw new UnsupportedOperationException("nothing is deployed for a plan");
    }

    @Override
    public void remove(String namespace, io.processdeploy.api.spi.RemovalMode mode,
        java.time.Duration timeout) {}

    @Override
    public io.processdeploy.api.Links links(io.processdeploy.api.ApplicationPlan plan) {
      throw new UnsupportedOperationException("nothing is deployed for a plan");
    }
  }
}
