package io.processdeploy.testkit.crash;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.processdeploy.api.Application;
import io.processdeploy.api.Caller;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.SampleReleases;
import io.processdeploy.testkit.DeploymentEnvironment;
import io.processdeploy.testkit.internal.ImageSeeder;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The deployment service the crash roulette kills: a {@link DeploymentService} on a
 * {@link FileStore}, the Jib builder, a {@link DirectoryRegistry} (or an {@link OciRegistry} the
 * cluster pulls from) and a {@link KubernetesClusterTarget} of a cluster that outlives it.
 *
 * <p>Arguments: the store directory, the work directory, the cluster (an API server URL, or
 * {@code kubeconfig:<file>}), the registry ({@code dir}, or {@code host:port} of a registry whose
 * images really run) and how long {@code settle} waits, in seconds. Building the service recovers
 * what the previous, killed, process left. Commands come one a line on stdin, and each answer is
 * one line on stdout:
 * <ul>
 *   <li>{@code settle}: waits until every application is in a final status with nothing stored
 *       pending, then {@code SETTLED}; {@code STUCK <states>} when that takes too long;</li>
 *   <li>{@code deploy <name>}, {@code undeploy <name>}, {@code force <name>},
 *       {@code perms <name> <admin> <group>}, {@code deployforce <name> <millis>} (deploy, then
 *       force undeploy that many milliseconds later): {@code START <op>} before the call,
 *       {@code DONE <op>} or {@code FAILED <op> <exception class>} after;</li>
 *   <li>{@code quit}: closes the service and exits.</li>
 * </ul>
 */
public final class RouletteChild {
  static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  static final String DIRECTORY_REGISTRY = "dir";
  static final String KUBECONFIG_PREFIX = "kubeconfig:";

  private RouletteChild() {}

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    Path work = Path.of(args[1]);
    String cluster = args[2];
    String registryArg = args[3];
    Duration settle = Duration.ofSeconds(Long.parseLong(args[4]));
    KubernetesClient client = client(cluster);
    boolean realImages = !registryArg.equals(DIRECTORY_REGISTRY);
    ImageRegistry registry = realImages
        ? OciRegistry.builder(registryArg).withRepositoryPrefix("processdeploy-roulette/")
            .allowInsecure().build()
        : DirectoryRegistry.at(work.resolve("registry"));
    Catalog catalog = realImages ? DeploymentEnvironment.runnableCatalog(registryArg)
        : Catalog.builder().withRuntimeBundleBase(baseImage(registry, work)).build();
    String scanner = realImages ? RunnableImages.push(registryArg, Kind.SERVICE)
        : SampleReleases.INVOICE_SCANNER_IMAGE;
    KubernetesClusterTarget target = KubernetesClusterTarget.builder().withClient(client)
        .withBaseUrl(URI.create("https://apps.example.com/"))
        .withStartupDeadline(realImages ? Duration.ofMinutes(3) : Duration.ofSeconds(60))
        .withRetry(6, Duration.ofMillis(20), Duration.ofMillis(200)).build();
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(SampleReleases.source())
        .withStore(FileStore.open(storeDir))
        .withImageBuilder(new JibImageBuilder())
        .withImageRegistry(registry)
        .withClusterTarget(target)
        .withCatalog(catalog)
        .withWorkDirectory(work.resolve("build"))
        .withRemovalTimeout(realImages ? Duration.ofMinutes(3) : Duration.ofSeconds(60))
        .build();
    answer("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      List<String> words = List.of(line.trim().split(" "));
      String op = words.get(0);
      if (op.equals("quit")) {
        break;
      }
      if (op.equals("settle")) {
        answer(settle(service, settle));
        continue;
      }
      String name = words.get(1);
      answer("START " + line);
      try {
        switch (op) {
          case "deploy" -> service.deployRelease(DEVOPS,
              SampleReleases.expensesRequest(name, scanner).build());
          case "undeploy" -> service.undeploy(DEVOPS, name);
          case "force" -> service.forceUndeploy(DEVOPS, name);
          case "perms" -> service.updatePermissions(DEVOPS, name,
              new Security(Members.users(words.get(2)), Members.groups(words.get(3))));
          case "deployforce" -> {
            service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name, scanner).build());
            Thread.sleep(Long.parseLong(words.get(2)));
            answer("FORCING " + name);
            service.forceUndeploy(DEVOPS, name);
          }
          default -> throw new IllegalArgumentException("unknown command " + line);
        }
        answer("DONE " + line);
      } catch (RuntimeException e) {
        answer("FAILED " + line + " " + e.getClass().getSimpleName());
      }
    }
    service.close();
    target.close();
    client.close();
    System.exit(0);
  }

  private static String settle(DeploymentService service, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Application> apps = service.listApplications(DEVOPS);
      List<Application> busy = apps.stream().filter(a -> a.status().isTransitional()
          || a.isBeingRemoved() || a.pendingSecurity() != null).toList();
      if (busy.isEmpty()) {
        return "SETTLED";
      }
      if (System.nanoTime() > deadline) {
        return "STUCK " + busy.stream().map(a -> a.name() + ":" + a.status()
            + (a.isBeingRemoved() ? "+removal" : "")
            + (a.pendingSecurity() != null ? "+permissions" : "")).toList();
      }
      Thread.sleep(50);
    }
  }

  private static void answer(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  private static KubernetesClient client(String cluster) {
    if (cluster.startsWith(KUBECONFIG_PREFIX)) {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
          new File(cluster.substring(KUBECONFIG_PREFIX.length())))).build();
    }
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(cluster).withTrustCerts(true).withNamespace("default")
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  /** The stand-in base of the embedded environment; the test writes it before any child runs. */
  static String baseImage(ImageRegistry registry, Path work) {
    return new ImageSeeder(new JibImageBuilder(), registry, work.resolve("seed")).baseImage();
  }

  /** Busybox stand-ins that really run, as the real-cluster tests use. */

}
