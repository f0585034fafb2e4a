package io.processdeploy.testkit.crash;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.processdeploy.api.Caller;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.store.postgresql.PostgresStore;
import io.processdeploy.tck.release.SampleReleases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One deployment service instance of {@link SharedStoreKillIT}, in a process of its own: it shares
 * the PostgreSQL store ({@code PROCESSDEPLOY_POSTGRES_*}) and the embedded cluster with the
 * others. Commands on stdin: {@code deploy NAME}, {@code quit}; answers on stdout.
 *
 * <p>Arguments: instance id, cluster URL, work directory (holding its registry), lease time in ms.
 */
public final class SharedStoreChild {
  static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");

  private SharedStoreChild() {}

  public static void main(String[] args) throws Exception {
    String instance = args[0];
    String cluster = args[1];
    Path work = Path.of(args[2]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
        Config.empty()).withMasterUrl(cluster).withTrustCerts(true).withNamespace("default")
        .withRequestRetryBackoffLimit(0).build()).build();
    DirectoryRegistry registry = DirectoryRegistry.at(work.resolve("registry"));
    KubernetesClusterTarget target = KubernetesClusterTarget.builder().withClient(client)
        .withBaseUrl(URI.create("https://apps.example.com/"))
        .withStartupDeadline(Duration.ofSeconds(60)).build();
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(SampleReleases.source())
        .withStore(PostgresStore.builder()
            .withJdbcUrl(System.getenv("PROCESSDEPLOY_POSTGRES_URL"))
            .withUsername(System.getenv("PROCESSDEPLOY_POSTGRES_USER"))
            .withPassword(System.getenv("PROCESSDEPLOY_POSTGRES_PASSWORD"))
            .build())
        .withImageBuilder(new JibImageBuilder())
        .withImageRegistry(registry)
        .withClusterTarget(target)
        .withCatalog(Catalog.builder()
            .withRuntimeBundleBase(RouletteChild.baseImage(registry, work)).build())
        .withWorkDirectory(work.resolve("build"))
        .withInstanceId(instance)
        .withLeaseTime(lease)
        .build();
    answer("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.trim().split(" ");
      if (words[0].equals("quit")) {
        break;
      }
      try {
        service.deployRelease(DEVOPS, SampleReleases.expensesRequest(words[1]).build());
        answer("DONE " + line);
      } catch (RuntimeException e) {
        answer("FAILED " + line + " " + e);
      }
    }
    service.close();
    target.close();
    client.close();
    System.exit(0);
  }

  private static void answer(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
