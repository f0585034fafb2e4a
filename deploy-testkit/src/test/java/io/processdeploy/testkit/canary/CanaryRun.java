package io.processdeploy.testkit.canary;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.DeploymentEnvironment;
import io.processdeploy.testkit.SampleProjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A program run in its own JVM by {@link SecretCanaryTest} and {@link TestkitShutdownTest}: on
 * the testkit's embedded defaults it deploys an application whose secrets are canary strings,
 * exercises every operation, and prints everything a secret could leak into (events, exception
 * messages, the {@code toString} of every returned object, every non-Secret object of the
 * namespace, the default Helm export and the descriptor document) between {@link #BEGIN} and
 * {@link #END}; the library's own log goes to standard error. After closing the environment it
 * prints {@link #CLOSED} and returns from {@code main}: the JVM must then end by itself.
 *
 * <p>Argument {@code shutdown}: only start, deploy, undeploy and close. With the system
 * properties {@value #REGISTRY_PROPERTY}, {@value #REGISTRY_USER_PROPERTY} and
 * {@value #REGISTRY_PASSWORD_PROPERTY}, images go to that registry with those credentials (whose
 * password is then one more canary, held by the application's image pull Secret).
 */
public final class CanaryRun {
  /** Canary of a connector variable secret by name. */
  public static final String BY_NAME = "canary-by-name-5e1f";
  /** Canary of a connector variable declared secret. */
  public static final String DECLARED = "canary-declared-8c2b";
  /** Canary of an infrastructure variable declared secret. */
  public static final String DECLARED_ENV = "canary-declared-env-3a7d";
  /** Canary of the external database password. */
  public static final String DATABASE = "canary-database-91f0";
  /** Canary given in a request that is refused. */
  public static final String REFUSED = "canary-refused-44e9";
  /** The invoice scanner's API key in the sample request, secret by name. */
  public static final String SCANNER_KEY = "scan-k3y-0042";
  /** Every canary. */
  public static final List<String> CANARIES = List.of(BY_NAME, DECLARED, DECLARED_ENV, DATABASE,
      REFUSED, SCANNER_KEY);
  /** Printed before the dump. */
  public static final String BEGIN = "=== canary dump begins ===";
  /** Printed after the dump. */
  public static final String END = "=== canary dump ends ===";
  /** Printed once the environment is closed. */
  public static final String CLOSED = "=== environment closed ===";
  /** Printed, with their names, before the non-daemon threads left after closing. */
  public static final String THREADS_LEFT = "non-daemon threads left: ";
  /** Printed for each Secret found to hold its canary (the positive control). */
  public static final String SECRET_HOLDS = "secret holds its canary: ";
  /** The registry to push to with credentials, instead of the embedded directory registry. */
  public static final String REGISTRY_PROPERTY = "processdeploy.canary.registry";
  /** The user of {@link #REGISTRY_PROPERTY}. */
  public static final String REGISTRY_USER_PROPERTY = "processdeploy.canary.registryUser";
  /** The password of {@link #REGISTRY_PROPERTY}. */
  public static final String REGISTRY_PASSWORD_PROPERTY = "processdeploy.canary.registryPassword";
  private static final String APP = "canary";

  private CanaryRun() {}

  /** Runs; see the class description. */
  public static void main(String[] args) throws Exception {
    boolean shutdownOnly = args.length > 0 && args[0].equals("shutdown");
    PrintStream out = System.out;
    String registry = System.getProperty(REGISTRY_PROPERTY);
    DeploymentEnvironment.Builder builder = DeploymentEnvironment.builder();
    if (registry != null) {
      builder.withRealRegistry(registry, new RegistryCredentials(
          System.getProperty(REGISTRY_USER_PROPERTY),
          System.getProperty(REGISTRY_PASSWORD_PROPERTY)));
    }
    try (DeploymentEnvironment env = builder.start()) {
      if (shutdownOnly) {
        shutdownRun(env);
      } else {
        new CanaryRun().canaryRun(env, out);
      }
    }
    out.println(CLOSED);
    out.println(THREADS_LEFT + nonDaemonThreadsLeft());
    out.flush();
  }

  /** The live non-daemon threads but this one, after they had two seconds to end. */
  static List<String> nonDaemonThreadsLeft() throws InterruptedException {
    List<String> left = List.of();
    for (int i = 0; i < 20; i++) {
      left = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
          .map(Thread::getName).sorted().toList();
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    return left;
  }

  private static void shutdownRun(DeploymentEnvironment env) {
    DeploymentService service = env.service();
    service.deployRelease(env.devops(), env.samples().expenses("expenses"));
    service.awaitStatus(env.devops(), "expenses", ApplicationStatus::isDeployed,
        Duration.ofSeconds(60));
    service.undeploy(env.devops(), "expenses");
  }

  private void canaryRun(DeploymentEnvironment env, PrintStream out) throws IOException {
    DeploymentService service = env.service();
    Caller devops = env.devops();
    List<Object> events = new CopyOnWriteArrayList<>();
    service.subscribe(devops, events::add);
    List<String> dump = new ArrayList<>();
    DescriptorRequest request = request(env.samples());
    returned(dump, "createDescriptor", () -> service.createDescriptor(devops, request));
    returned(dump, "export", () -> zipText(service.export(devops, APP, ExportOptions.DEFAULTS)
        .zip()));
    returned(dump, "exportDescriptor", () -> service.exportDescriptor(devops, APP));
    returned(dump, "plan", () -> service.plan(devops, APP));
    returned(dump, "deploy", () -> service.deploy(devops, APP));
    returned(dump, "awaitStatus", () -> service.awaitStatus(devops, APP,
        ApplicationStatus::isDeployed, Duration.ofSeconds(60)));
    returned(dump, "getDescriptor", () -> service.getDescriptor(devops, APP));
    returned(dump, "listDescriptors", () -> service.listDescriptors(devops, DescriptorQuery.ALL));
    returned(dump, "getApplication", () -> service.getApplication(devops, APP));
    returned(dump, "getApplication by its admin", () -> service.getApplication(
        Caller.of("alice"), APP));
    returned(dump, "listApplications", () -> service.listApplications(devops));
    returned(dump, "links", () -> service.links(devops, APP));
    returned(dump, "updatePermissions", () -> service.updatePermissions(devops, APP,
        new Security(Members.users("alice", "bob"), Members.groups("accounting"))));
    returned(dump, "logs", () -> service.logs(devops, APP, "email-connector", 50));
    returned(dump, "refused request", () -> service.createDescriptor(devops,
        DescriptorRequest.builder("canary-two", SampleProjects.EXPENSES)
            .withAdmins(Members.users("alice"))
            .addConnector(ConnectorRequest.outOfTheBox("email-connector",
                "{\"SMTP_PASS\": " + REFUSED + "}").withSecretVariables("SMTP_PASS"))
            .build()));
    returned(dump, "refused import", () -> service.importDescriptor(devops,
        service.exportDescriptor(devops, APP), "canary-three", Map.of(
            "connectors[email-connector].EMAIL_PASSWORD", REFUSED)));
    dumpCluster(env.client(), dump);
    service.awaitStatus(devops, APP, ApplicationStatus::isDeployed, Duration.ofSeconds(60));
    returned(dump, "undeploy", () -> {
      service.undeploy(devops, APP);
      return "undeployed";
    });
    events.forEach(e -> dump.add("event: " + e));
    out.println(BEGIN);
    dump.forEach(out::println);
    out.println(END);
    out.flush();
  }

  private static DescriptorRequest request(SampleProjects samples) {
    DescriptorRequest sample = samples.expenses(APP);
    Map<String, String> database = Map.of("url", "jdbc:postgresql://db.example.com:5432/apps",
        "username", "apps", "password", DATABASE);
    DescriptorRequest.Builder b = DescriptorRequest.builder(APP, sample.release())
        .withAdmins(Members.users("alice"))
        .withUsers(Members.groups("accounting"))
        .withInfrastructure(new Infrastructure(new ServiceSettings(null,
            Map.of(Infrastructure.POSTGRESQL, database)), Map.of("runtime-bundle",
                new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("DB_PWD",
                    DECLARED_ENV, "TZ", "UTC"))).withSecretKeys("DB_PWD"))));
    for (ConnectorRequest c : sample.connectors()) {
      if (c.name().equals("email-connector")) {
        b.addConnector(ConnectorRequest.outOfTheBox(c.name(), "{\"EMAIL_HOST\":"
            + "\"smtp.example.com\",\"EMAIL_PASSWORD\":\"" + BY_NAME + "\",\"SMTP_PASS\":\""
            + DECLARED + "\"}").withSecretVariables("SMTP_PASS"));
      } else {
        b.addConnector(c);
      }
    }
    return b.build();
  }

  private static void returned(List<String> dump, String operation, Supplier<Object> call) {
    try {
      Object result = call.get();
      dump.add(operation + " returned: " + result);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        dump.add(operation + " threw: " + t);
      }
    }
  }

  private static void dumpCluster(KubernetesClient client, List<String> dump) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(client.namespaces().withName(APP).get());
    objects.addAll(client.configMaps().inNamespace(APP).list().getItems());
    objects.addAll(client.apps().deployments().inNamespace(APP).list().getItems());
    objects.addAll(client.services().inNamespace(APP).list().getItems());
    objects.addAll(client.serviceAccounts().inNamespace(APP).list().getItems());
    objects.addAll(client.rbac().roles().inNamespace(APP).list().getItems());
    objects.addAll(client.rbac().roleBindings().inNamespace(APP).list().getItems());
    objects.addAll(client.network().v1().ingresses().inNamespace(APP).list().getItems());
    objects.addAll(client.pods().inNamespace(APP).list().getItems());
    objects.addAll(client.persistentVolumeClaims().inNamespace(APP).list().getItems());
    objects.addAll(client.v1().events().inNamespace(APP).list().getItems());
    for (HasMetadata o : objects) {
      dump.add("cluster object " + o.getKind() + "/" + o.getMetadata().getName() + ":\n"
          + client.getKubernetesSerialization().asYaml(o));
    }
    StringBuilder decoded = new StringBuilder();
    for (Secret s : client.secrets().inNamespace(APP).list().getItems()) {
      if (s.getData() != null) {
        s.getData().values().forEach(v -> decoded.append(new String(Base64.getDecoder()
            .decode(v), StandardCharsets.UTF_8)).append('\n'));
      }
    }
    for (String canary : List.of(BY_NAME, DECLARED, DECLARED_ENV, DATABASE, SCANNER_KEY)) {
      dump.add(SECRET_HOLDS + canary.substring(0, canary.lastIndexOf('-')) + " "
          + decoded.toString().contains(canary));
    }
    String registryPassword = System.getProperty(REGISTRY_PASSWORD_PROPERTY);
    if (registryPassword != null) {
      dump.add(SECRET_HOLDS + "registry password "
          + decoded.toString().contains(registryPassword));
    }
  }

  private static String zipText(byte[] zip) {
    StringBuilder out = new StringBuilder();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.append("zip entry ").append(e.getName()).append(":\n")
            .append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }
}
