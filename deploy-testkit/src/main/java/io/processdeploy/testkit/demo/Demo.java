package io.processdeploy.testkit.demo;

import static io.processdeploy.testkit.demo.StepFailure.check;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.DeploymentEnvironment;
import io.processdeploy.testkit.SampleProjects;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The library's main job on embedded defaults, with nothing installed: takes the sample expenses
 * project from its release to a running application and back. It creates a descriptor, exports
 * the Helm chart to a file, deploys (printing each status as it happens), prints the links,
 * changes the permissions (the application stays Running, nothing is rebuilt) and undeploys.
 *
 * <p>Every step checks, against the cluster and the files themselves, that it did what it
 * printed; the exit code is 0 only when all did.
 *
 * <pre>
 * java -cp ... io.processdeploy.testkit.demo.Demo [output-directory]
 * </pre>
 *
 * The Helm zip is written to the output directory ({@code processdeploy-demo} by default).
 */
public final class Demo {
  /** The application the demo deploys. */
  public static final String APPLICATION = "expenses";
  /**
   * System property naming a kubeconfig file: the demo then runs on that real cluster, pushing to
   * the registry of {@value #REGISTRY_PROPERTY} (default {@code 127.0.0.1:5000}).
   */
  public static final String KUBECONFIG_PROPERTY = "processdeploy.demo.kubeconfig";
  /** System property of the registry the real cluster pulls from. */
  public static final String REGISTRY_PROPERTY = "processdeploy.demo.registry";
  private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration ROLL_TIMEOUT = Duration.ofMinutes(2);
  private static final int STEPS = 6;
  private static final List<ApplicationStatus> PIPELINE = List.of(ApplicationStatus.CreateApp,
      ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush, ApplicationStatus.DeployStarted,
      ApplicationStatus.Pending, ApplicationStatus.Running);

  private final Console console;
  private final Path outputDirectory;
  private DeploymentService service;
  private Caller devops;
  private ClusterView cluster;

  private Demo(PrintStream out, Path outputDirectory) {
    this.console = new Console(out, STEPS);
    this.outputDirectory = outputDirectory;
  }

  /** Runs the demo and exits with its {@link #run(String[], PrintStream) exit code}. */
  public static void main(String[] args) {
    quietLogging();
    System.exit(run(args, System.out));
  }

  /**
   * Runs the demo, printing to {@code out}.
   *
   * @param args optionally the directory to write the Helm zip to
   * @return 0 when every step did what it printed, 1 otherwise
   */
  public static int run(String[] args, PrintStream out) {
    Path output = Path.of(args.length > 0 ? args[0] : "processdeploy-demo").toAbsolutePath();
    return new Demo(out, output).run();
  }

  private int run() {
    String kubeconfig = System.getProperty(KUBECONFIG_PROPERTY, "").trim();
    if (kubeconfig.isEmpty()) {
      console.title("ProcessDeploy demo: the sample expenses project from its release to a"
          + " running application and back,\non an embedded Kubernetes API server and an"
          + " embedded registry (nothing installed).");
      console.note("Starting the embedded cluster and registry, seeding the catalog images");
      return run(DeploymentEnvironment.builder());
    }
    String registry = System.getProperty(REGISTRY_PROPERTY, "127.0.0.1:5000").trim();
    console.title("ProcessDeploy demo: the sample expenses project from its release to a running"
        + " application and back,\non the Kubernetes cluster of " + kubeconfig
        + ", with images in the registry " + registry + ".");
    console.note("Connecting to the cluster, pushing runnable catalog images");
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(new File(kubeconfig))).build()) {
      return run(DeploymentEnvironment.builder().withRealCluster(client)
          .withRealRegistry(registry));
    }
  }

  private int run(DeploymentEnvironment.Builder setup) {
    try (DeploymentEnvironment env = setup.start()) {
      service = env.service();
      devops = env.devops();
      cluster = new ClusterView(env.client(), ResourceNames.namespace(APPLICATION));
      Subscription printing = service.subscribe(devops, console);
      try {
        environment(env);
        steps(env.samples());
      } catch (RuntimeException e) {
        console.failed(e instanceof StepFailure ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage());
        cleanUp();
        console.blank();
        console.note("The demo FAILED at the step above.");
        return 1;
      } finally {
        printing.close();
      }
    } catch (RuntimeException e) {
      console.failed("the environment failed: " + e);
      return 1;
    }
    console.blank();
    console.note(String.format(Locale.ROOT, "All %d steps did what they said, in %.1f s.", STEPS,
        console.elapsedSeconds()));
    return 0;
  }

  private void environment(DeploymentEnvironment env) {
    console.detail("registry: " + env.registry());
    console.detail("cluster:  Kubernetes API at " + env.client().getMasterUrl());
    List<ImageReference> catalog = new ArrayList<>(env.catalog().images().values());
    catalog.addAll(env.catalog().connectors().values());
    for (ImageReference image : catalog) {
      check(env.registry().digestOf(image).isPresent(), "catalog image " + image
          + " is not in the registry");
    }
    console.detail("catalog:  " + catalog.size() + " platform and connector images in the"
        + " registry, as stand-ins");
  }

  private void steps(SampleProjects samples) {
    DeploymentDescriptor descriptor = createDescriptor(samples);
    exportChart();
    Application app = deploy();
    links();
    changePermissions(app, descriptor.security());
    undeploy();
  }

  private DeploymentDescriptor createDescriptor(SampleProjects samples) {
    console.step("Create the descriptor '" + APPLICATION + "' for release "
        + SampleProjects.EXPENSES);
    DeploymentDescriptor descriptor = service.createDescriptor(devops,
        samples.expenses(APPLICATION));
    descriptor.connectors().forEach(c -> console.detail("connector " + c.name() + " ("
        + c.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "): " + c.image()));
    console.detail("admins " + members(descriptor.security().admins()) + ", users "
        + members(descriptor.security().users()));
    check(service.getDescriptor(devops, APPLICATION).equals(descriptor),
        "the stored descriptor differs from the one created");
    check(descriptor.connectors().size() == 2, "expected 2 connectors, got "
        + descriptor.connectors().size());
    console.ok("descriptor stored with " + descriptor.connectors().size() + " connectors");
    return descriptor;
  }

  private void exportChart() {
    console.step("Export the Helm chart");
    ChartFile zip = ChartFile.write(service.export(devops, APPLICATION, ExportOptions.DEFAULTS),
        outputDirectory);
    List<String> entries = zip.entries();
    console.detail(zip.path() + String.format(Locale.ROOT, " (%,d bytes)", zip.size()));
    console.detail("holds " + entries.stream().filter(n -> !n.contains("charts/"))
        .collect(Collectors.joining(", ")));
    check(zip.size() > 0, "the zip at " + zip.path() + " is empty");
    check(entries.stream().anyMatch(n -> n.endsWith("values.yaml")),
        "the zip has no values.yaml");
    check(entries.stream().anyMatch(n -> n.endsWith("requirements.yaml")),
        "the zip has no requirements.yaml");
    console.ok("zip written with values.yaml and requirements.yaml");
  }

  private Application deploy() {
    console.step("Deploy '" + APPLICATION + "' (build and push its image, create its namespace)");
    service.deploy(devops, APPLICATION);
    Application app = service.awaitStatus(devops, APPLICATION,
        s -> s.isDeployed() || s.isFailure(), DEPLOY_TIMEOUT);
    check(app.status() == ApplicationStatus.Running, "the application ended " + app.status()
        + ": " + app.reason());
    List<ApplicationStatus> statuses = app.history().stream().map(StatusTransition::to).toList();
    check(statuses.equals(PIPELINE), "the application went through " + statuses
        + ", not " + PIPELINE);
    check(cluster.namespaceExists(), "namespace " + app.namespace() + " does not exist");
    console.ok("Running in namespace " + app.namespace() + " after "
        + String.format(Locale.ROOT, "%.1f s",
            Duration.between(app.createdAt(), app.updatedAt()).toMillis() / 1000.0)
        + ", image " + app.images().values().stream().findFirst().orElse("(none)"));
    return app;
  }

  private void links() {
    console.step("Links");
    Links links = service.links(devops, APPLICATION);
    console.detail("gateway:           " + links.gateway());
    console.detail("Process Workspace: " + links.processWorkspaceLink().map(Object::toString)
        .orElse("(none)"));
    console.detail("Content App:       " + links.contentAppLink().map(Object::toString)
        .orElse("(none)"));
    check(links.processWorkspace() != null && links.contentApp() != null,
        "the release has both UIs but a link is missing: " + links);
    Map<String, String> routes = cluster.routes();
    console.detail("Ingress " + ResourceNames.GATEWAY_INGRESS + " routes " + routes);
    Map<String, URI> uis = new TreeMap<>(Map.of(Catalog.PROCESS_WORKSPACE,
        links.processWorkspace(), Catalog.CONTENT_APP, links.contentApp()));
    String gateway = links.gateway().toString();
    uis.forEach((ui, uri) -> {
      String link = uri.toString();
      check(link.startsWith(gateway), link + " is not under the gateway " + gateway);
      check(!link.substring(gateway.length()).startsWith(APPLICATION + "/"),
          link + " repeats the application's path under the gateway " + gateway);
      String path = ClusterView.trimTrailingSlash(uri.getPath());
      check(ui.equals(routes.get(path)), "Ingress " + ResourceNames.GATEWAY_INGRESS
          + " does not route " + path + " to service " + ui);
    });
    console.ok("gateway and both UIs linked; the Ingress routes each UI link to its service");
  }

  private void changePermissions(Application deployed, Security before) {
    console.step("Change the permissions: bob becomes an admin");
    Map<String, String> checksumsBefore = cluster.securityChecksums();
    Security security = new Security(new Members(Set.of("alice", "bob"), Set.of()),
        before.users());
    service.updatePermissions(devops, APPLICATION, security);
    List<String> rolled = new ArrayList<>();
    cluster.securityChecksums().forEach((deployment, sum) -> {
      if (!sum.equals(checksumsBefore.get(deployment))) {
        rolled.add(deployment);
      }
    });
    cluster.awaitAvailable(rolled, ROLL_TIMEOUT);
    Map<String, String> data = cluster.securityData();
    console.detail("ConfigMap " + ResourceNames.SECURITY_CONFIG_MAP + ": " + data);
    console.detail("rolled (they read the security configuration): " + rolled);
    check(data.values().stream().anyMatch(v -> v.contains("bob")),
        "the security ConfigMap does not list bob: " + data);
    check(!rolled.isEmpty(), "no service was rolled to read the new permissions");
    Application after = service.getApplication(devops, APPLICATION);
    check(after.status() == ApplicationStatus.Running, "the status is " + after.status()
        + " after the permission change");
    check(after.history().size() == deployed.history().size(),
        "the status changed after the permission change: " + after.history());
    check(after.images().equals(deployed.images()), "the images changed: " + after.images());
    console.ok("bob is an admin; still Running, same image, nothing rebuilt");
  }

  private void undeploy() {
    console.step("Undeploy '" + APPLICATION + "'");
    service.undeploy(devops, APPLICATION);
    check(!cluster.namespaceExists(), "namespace " + APPLICATION + " still exists");
    check(isGone(() -> service.getApplication(devops, APPLICATION)),
        "the application is still listed");
    service.deleteDescriptor(devops, APPLICATION);
    console.ok("namespace " + APPLICATION + " gone; application removed; descriptor deleted");
  }

  private void cleanUp() {
    try {
      service.forceUndeploy(devops, APPLICATION);
    } catch (DeploymentException e) {
      // nothing was deployed, or it is gone already
    }
  }

  private static boolean isGone(Runnable lookup) {
    try {
      lookup.run();
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private static String members(Members m) {
    List<String> all = new ArrayList<>(m.users());
    m.groups().forEach(g -> all.add("group " + g));
    return all.isEmpty() ? "(none)" : String.join(", ", all);
  }

  /** Keeps the libraries' own logging to warnings so the progress display stays readable. */
  private static void quietLogging() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }
}
