package io.processdeploy.testkit.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.DeploymentEnvironment;
import io.processdeploy.testkit.SampleProjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The library's main job on embedded defaults, with nothing installed: takes the sample expenses
 * project from its release to a running application and back. It creates a descriptor, exports
 * the Helm chart to a file, deploys (printing each status as it happens), prints the links,
 * changes the permissions (the application stays Running, nothing is rebuilt) and undeploys.
 *
 * <p>Every step checks that it did what it printed; the exit code is 0 only when all did.
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
  private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);
  private static final int STEPS = 6;

  private final Console console;
  private final Path outputDirectory;

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
    console.title("ProcessDeploy demo: the sample expenses project from its release to a running"
        + " application and back,\non an embedded Kubernetes API server and an embedded registry"
        + " (nothing installed).");
    console.note("Starting the embedded cluster and registry, seeding the catalog images");
    try (DeploymentEnvironment env = DeploymentEnvironment.start()) {
      Subscription printing = env.service().subscribe(env.devops(), console);
      try {
        environment(env);
        steps(env);
      } catch (RuntimeException e) {
        console.failed(e instanceof StepFailure ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage());
        cleanUp(env);
        console.blank();
        console.note("The demo FAILED at the step above.");
        return 1;
      } finally {
        printing.close();
      }
    } catch (RuntimeException e) {
      console.failed("the embedded environment failed: " + e);
      return 1;
    }
    console.blank();
    console.note(String.format(java.util.Locale.ROOT,
        "All %d steps did what they said, in %.1f s.", STEPS, console.elapsedSeconds()));
    return 0;
  }

  private void environment(DeploymentEnvironment env) {
    console.detail("registry: " + env.registry());
    console.detail("cluster:  Kubernetes API at " + env.cluster().url());
    List<ImageReference> catalog = new ArrayList<>(env.catalog().images().values());
    catalog.addAll(env.catalog().connectors().values());
    for (ImageReference image : catalog) {
      check(env.registry().digestOf(image).isPresent(), "catalog image " + image
          + " is not in the registry");
    }
    console.detail("catalog:  " + catalog.size() + " platform and connector images in the"
        + " registry, as tiny stand-ins");
  }

  private void steps(DeploymentEnvironment env) {
    DeploymentService service = env.service();
    Caller devops = env.devops();
    SampleProjects samples = env.samples();
    KubernetesClient client = env.client();

    console.step("Create the descriptor '" + APPLICATION + "' for release "
        + SampleProjects.EXPENSES);
    DeploymentDescriptor descriptor = service.createDescriptor(devops,
        samples.expenses(APPLICATION));
    descriptor.connectors().forEach(c -> console.detail("connector " + c.name() + " ("
        + c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "): "
        + c.image()));
    console.detail("admins " + members(descriptor.security().admins()) + ", users "
        + members(descriptor.security().users()));
    check(service.getDescriptor(devops, APPLICATION).equals(descriptor),
        "the stored descriptor differs from the one created");
    check(descriptor.connectors().size() == 2, "expected 2 connectors, got "
        + descriptor.connectors().size());
    console.ok("descriptor stored with " + descriptor.connectors().size() + " connectors");

    console.step("Export the Helm chart");
    ExportedChart chart = service.export(devops, APPLICATION, ExportOptions.DEFAULTS);
    Path zip = write(chart);
    List<String> entries = entries(zip);
    console.detail(zip + " (" + size(zip) + ")");
    console.detail("holds " + entries.stream().filter(n -> !n.contains("/charts/")
        && !n.startsWith("charts/")).collect(Collectors.joining(", ")));
    check(Files.isRegularFile(zip) && size(zip).length() > 0, "no zip at " + zip);
    check(entries.stream().anyMatch(n -> n.endsWith("values.yaml")),
        "the zip has no values.yaml");
    check(entries.stream().anyMatch(n -> n.endsWith("requirements.yaml")),
        "the zip has no requirements.yaml");
    console.ok("zip written with values.yaml and requirements.yaml");

    console.step("Deploy '" + APPLICATION + "' (build and push its image, create its namespace)");
    service.deploy(devops, APPLICATION);
    Application app = service.awaitStatus(devops, APPLICATION,
        s -> s.isDeployed() || s.isFailure(), DEPLOY_TIMEOUT);
    check(app.status() == ApplicationStatus.Running, "the application ended " + app.status()
        + ": " + app.reason());
    List<ApplicationStatus> path = app.history().stream().map(StatusTransition::to).toList();
    check(path.containsAll(List.of(ApplicationStatus.CreateApp, ApplicationStatus.ImageBuild,
        ApplicationStatus.ImagePush, ApplicationStatus.DeployStarted, ApplicationStatus.Pending,
        ApplicationStatus.Running)), "the application skipped a status: " + path);
    check(client.namespaces().withName(app.namespace()).get() != null,
        "namespace " + app.namespace() + " does not exist");
    console.ok("Running in namespace " + app.namespace() + " after "
        + seconds(app.createdAt(), app.updatedAt()) + ", image "
        + app.images().values().stream().findFirst().orElse("(none)"));

    console.step("Links");
    Links links = service.links(devops, APPLICATION);
    console.detail("gateway:           " + links.gateway());
    console.detail("Process Workspace: " + links.processWorkspaceLink().map(Object::toString)
        .orElse("(none)"));
    console.detail("Content App:       " + links.contentAppLink().map(Object::toString)
        .orElse("(none)"));
    check(links.processWorkspace() != null && links.contentApp() != null,
        "the release has both UIs but a link is missing: " + links);
    for (java.net.URI ui : List.of(links.processWorkspace(), links.contentApp())) {
      String gateway = links.gateway().toString();
      check(ui.toString().startsWith(gateway), ui + " is not under the gateway " + gateway);
      check(!ui.toString().substring(gateway.length()).startsWith(APPLICATION + "/"),
          ui + " repeats the application's path under the gateway " + gateway);
    }
    console.ok("gateway and both UIs linked, each UI under the gateway");

    console.step("Change the permissions: bob becomes an admin");
    Map<String, String> checksumsBefore = checksums(client, app.namespace());
    Security security = new Security(
        new Members(java.util.Set.of("alice", "bob"), java.util.Set.of()),
        descriptor.security().users());
    service.updatePermissions(devops, APPLICATION, security);
    Map<String, String> checksumsAfter = checksums(client, app.namespace());
    List<String> rolled = new ArrayList<>();
    checksumsAfter.forEach((name, sum) -> {
      if (!sum.equals(checksumsBefore.get(name))) {
        rolled.add(name);
      }
    });
    awaitAvailable(client, app.namespace(), rolled);
    ConfigMap securityMap = client.configMaps().inNamespace(app.namespace())
        .withName(ResourceNames.SECURITY_CONFIG_MAP).get();
    check(securityMap != null, "ConfigMap " + ResourceNames.SECURITY_CONFIG_MAP + " is missing");
    console.detail("ConfigMap " + ResourceNames.SECURITY_CONFIG_MAP + ": " + securityMap.getData());
    console.detail("rolled (read the security configuration): " + rolled);
    check(securityMap.getData().values().stream().anyMatch(v -> v.contains("bob")),
        "the security ConfigMap does not list bob: " + securityMap.getData());
    check(!rolled.isEmpty(), "no service was rolled to read the new permissions");
    Application after = service.getApplication(devops, APPLICATION);
    check(after.status() == ApplicationStatus.Running, "status is " + after.status()
        + " after the permission change");
    check(after.history().size() == app.history().size(),
        "the status changed after the permission change: " + after.history());
    check(after.images().equals(app.images()), "images changed: " + after.images());
    console.ok("bob is an admin; still Running, same image, nothing rebuilt");

    console.step("Undeploy '" + APPLICATION + "'");
    service.undeploy(devops, APPLICATION);
    check(client.namespaces().withName(app.namespace()).get() == null,
        "namespace " + app.namespace() + " still exists");
    check(isGone(() -> service.getApplication(devops, APPLICATION)),
        "the application is still listed");
    service.deleteDescriptor(devops, APPLICATION);
    console.ok("namespace " + app.namespace() + " gone; application removed; descriptor deleted");
  }

  private void cleanUp(DeploymentEnvironment env) {
    try {
      env.service().forceUndeploy(env.devops(), APPLICATION);
    } catch (DeploymentException e) {
      // nothing was deployed, or it is gone already
    }
  }

  private Path write(ExportedChart chart) {
    try {
      Files.createDirectories(outputDirectory);
      Path file = outputDirectory.resolve(chart.fileName());
      Files.write(file, chart.zip());
      return file;
    } catch (IOException e) {
      throw new StepFailure("could not write the chart to " + outputDirectory + ": " + e);
    }
  }

  private static List<String> entries(Path zip) {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          names.add(e.getName());
        }
      }
    } catch (IOException e) {
      throw new StepFailure(zip + " is not a readable zip: " + e);
    }
    return names;
  }

  private static String size(Path file) {
    try {
      return String.format(java.util.Locale.ROOT, "%,d bytes", Files.size(file));
    } catch (IOException e) {
      return "";
    }
  }

  private static Map<String, String> checksums(KubernetesClient client, String namespace) {
    Map<String, String> out = new TreeMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      Map<String, String> annotations = d.getSpec().getTemplate().getMetadata() == null ? null
          : d.getSpec().getTemplate().getMetadata().getAnnotations();
      String sum = annotations == null ? ""
          : annotations.getOrDefault(ResourceNames.SECURITY_CHECKSUM_ANNOTATION, "");
      out.put(d.getMetadata().getName(), sum);
    }
    return out;
  }

  /** Waits until the rolled Deployments are available again. */
  private static void awaitAvailable(KubernetesClient client, String namespace,
      List<String> deployments) {
    BooleanSupplier available = () -> deployments.stream().allMatch(name -> {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
          && d.getStatus().getAvailableReplicas() >= 1;
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!available.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new StepFailure("the rolled services " + deployments + " did not become available"
            + " again within 30 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure("interrupted");
      }
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

  private static String seconds(java.time.Instant from, java.time.Instant to) {
    return String.format(java.util.Locale.ROOT, "%.1f s",
        Duration.between(from, to).toMillis() / 1000.0);
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new StepFailure(failure);
    }
  }

  /** Keeps the libraries' own logging to warnings so the progress display stays readable. */
  private static void quietLogging() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  /** A step did not do what it printed. */
  private static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
      super(message);
    }
  }
}
