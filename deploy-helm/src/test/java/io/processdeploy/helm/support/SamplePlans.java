package io.processdeploy.helm.support;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Probe;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImagePullSecret;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.RegistryCredentials;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Application plans as the deployment service resolves them, built straight from the contract's
 * records: the shapes the export must handle (no connectors, out-of-the-box and custom connectors
 * with variables, an external PostgreSQL, custom images, with and without UIs).
 */
public final class SamplePlans {
  /** The digest of the built runtime bundle image in every sample. */
  public static final String DIGEST =
      "sha256:3b1f0c8e5d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";
  /** The password every sample's secrets hold; it must never appear in a default export. */
  public static final String PASSWORD = "pw-Zq8!top-secret";

  private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");

  private SamplePlans() {}

  /** Runtime bundle, query and the bundled database; no connector, no UI. */
  public static ApplicationPlan minimal() {
    return builder("invoices").build();
  }

  /** With the email connector (out of the box) and a custom connector, both with variables. */
  public static ApplicationPlan withConnectors() {
    return builder("claims")
        .connector("email-connector", "docker.io/activiti/email-connector:8.7.0",
            ConnectorKind.OUT_OF_THE_BOX, vars("EMAIL_HOST", "smtp.example.com", "EMAIL_PORT",
                "587", "EMAIL_USERNAME", "mailer", "EMAIL_PASSWORD", PASSWORD))
        .connector("fraud-check", "registry.example.com/team/fraud-check:2.1",
            ConnectorKind.CUSTOM, vars("FRAUD_THRESHOLD", "0.75", "FRAUD_API_KEY", PASSWORD))
        .build();
  }

  /** With an external PostgreSQL: no bundled database. */
  public static ApplicationPlan externalDatabase() {
    return builder("payroll").externalDatabase("jdbc:postgresql://db.example.com:5432/payroll",
        "payroll", PASSWORD).build();
  }

  /** With the two UIs and custom images for query and the Process Workspace. */
  public static ApplicationPlan customImagesAndUis() {
    return builder("onboarding").withUis()
        .customImage("query", "registry.example.com/platform/query:9.0.1")
        .customImage("process-workspace", "registry.example.com/ui/workspace:7.2.0")
        .build();
  }

  /** Everything at once: UIs, connectors, external database, custom image. */
  public static ApplicationPlan everything() {
    return builder("full").withUis()
        .connector("email-connector", "docker.io/activiti/email-connector:8.7.0",
            ConnectorKind.OUT_OF_THE_BOX, vars("EMAIL_HOST", "smtp.example.com",
                "EMAIL_PASSWORD", PASSWORD))
        .connector("slack-connector", "docker.io/activiti/slack-connector:8.7.0",
            ConnectorKind.OUT_OF_THE_BOX, vars("SLACK_TOKEN", PASSWORD))
        .connector("fraud-check", "registry.example.com/team/fraud-check:2.1",
            ConnectorKind.CUSTOM, vars("FRAUD_THRESHOLD", "0.75"))
        .externalDatabase("jdbc:postgresql://db.example.com/full", "full", PASSWORD)
        .customImage("query", "registry.example.com/platform/query:9.0.1")
        .build();
  }

  /** Pods pull with credentials; the database claims 20Gi of class {@code fast-ssd}. */
  public static ApplicationPlan privateRegistry() {
    return builder("private").pullSecret("registry.example.com:5443")
        .storage("20Gi", "fast-ssd").build();
  }

  /** The affinity of {@link #everySetting()}: every kind, as Kubernetes reads them. */
  public static final String AFFINITY = "{\"nodeAffinity\": {\"requiredDuringSchedulingIgnored"
      + "DuringExecution\": {\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\":"
      + " \"kubernetes.io/os\", \"operator\": \"In\", \"values\": [\"linux\"]}]}]}},"
      + " \"podAntiAffinity\": {\"preferredDuringSchedulingIgnoredDuringExecution\":"
      + " [{\"weight\": 50, \"podAffinityTerm\": {\"topologyKey\":"
      + " \"kubernetes.io/hostname\", \"labelSelector\": {\"matchLabels\":"
      + " {\"app.kubernetes.io/name\": \"runtime-bundle\"}}}}]}}";

  /**
   * Every production setting at once: global and per-service replicas, requests and limits,
   * HTTP and TCP probes, node selector, tolerations, affinity, service-account tokens, the
   * Ingress's class, host, TLS secret and annotations, network policies with the database
   * reachable only from the services that use it; connectors and UIs too.
   */
  public static ApplicationPlan everySetting() {
    ServiceSettings global = ServiceSettings.NONE
        .withRequests(new ComputeResources("200m", "384Mi"))
        .withLimits(new ComputeResources("2", "1Gi"))
        .withNodeSelector(Map.of("kubernetes.io/os", "linux"))
        .withTolerations(List.of(
            new Toleration("dedicated", "Equal", "processes", "NoSchedule", null),
            new Toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 300L)))
        .withReadinessProbe(new Probe(null, 3, 7, 2, 4));
    Infrastructure infrastructure = new Infrastructure(global, Map.of(
        "runtime-bundle", ServiceSettings.NONE.withReplicas(3)
            .withLimits(new ComputeResources(null, "2Gi"))
            .withReadinessProbe(Probe.http("/actuator/health/readiness"))
            .withLivenessProbe(new Probe("/actuator/health/liveness", 30, 15, 3, 5))
            .withStartupProbe(new Probe(null, 20, 10, 5, 60))
            .withAffinity(AFFINITY),
        "query", ServiceSettings.NONE.withReplicas(0).withAutomountServiceAccountToken(false)
            .withRequests(new ComputeResources("500m", null)),
        "process-workspace", ServiceSettings.NONE.withAutomountServiceAccountToken(true)
            .withNodeSelector(Map.of("example.com/tier", "frontend"))
            .withTolerations(List.of())),
        new IngressSettings("traefik", "every.example.com", "every-tls", Map.of(
            "nginx.ingress.kubernetes.io/proxy-body-size", "20m",
            "example.com/owner", "team \"processes\"")), null);
    ApplicationPlan plan = builder("every").withUis()
        .connector("fraud-check", "registry.example.com/team/fraud-check:2.1",
            ConnectorKind.CUSTOM, vars("FRAUD_THRESHOLD", "0.75"))
        .build();
    DeploymentDescriptor d = plan.descriptor();
    DeploymentDescriptor withSettings = new DeploymentDescriptor(d.name(), d.release(),
        d.security(), d.connectors(), infrastructure.withServices(global, Map.of(
            "runtime-bundle", infrastructure.service("runtime-bundle"),
            "query", infrastructure.service("query"),
            "process-workspace", infrastructure.service("process-workspace"),
            "fraud-check", ServiceSettings.NONE.withReplicas(2)
                .withLimits(new ComputeResources("1", "512Mi")))),
        d.createdAt(), d.createdBy());
    List<ServicePlan> services = new ArrayList<>();
    for (ServicePlan s : plan.services()) {
      ServicePlan resolved = s.withWorkload(withSettings.infrastructure().workload(s.name(),
          s.kind(), s.readsSecurity()));
      services.add(s.kind() == ServiceKind.DATABASE
          ? resolved.withClients(Set.of("runtime-bundle", "query")) : resolved);
    }
    return new ApplicationPlan(plan.name(), plan.namespace(), withSettings, plan.projectName(),
        services, plan.pullSecret());
  }

  /** {@link #everySetting()} with its network policies turned off. */
  public static ApplicationPlan everySettingWithoutNetworkPolicies() {
    ApplicationPlan every = everySetting();
    DeploymentDescriptor d = every.descriptor();
    return new ApplicationPlan("every-open", "every-open", new DeploymentDescriptor("every-open",
        d.release(), d.security(), d.connectors(), d.infrastructure().withNetworkPolicy(false),
        d.createdAt(), d.createdBy()), every.projectName(), every.services(), null);
  }

  /** A plan with {@code count} custom connectors, each with a few variables. */
  public static ApplicationPlan withConnectorCount(int count) {
    Builder builder = builder("bench");
    for (int i = 0; i < count; i++) {
      builder.connector(String.format("connector-%02d", i),
          "registry.example.com/team/connector-" + i + ":1.0", ConnectorKind.CUSTOM,
          vars("ENDPOINT_URL", "https://service-" + i + ".example.com", "TIMEOUT_SECONDS", "30",
              "RETRIES", "3", "CONNECTOR_TOKEN", PASSWORD + i));
    }
    return builder.build();
  }

  /** Every sample, by a short name for test display. */
  public static Map<String, ApplicationPlan> all() {
    Map<String, ApplicationPlan> plans = new LinkedHashMap<>();
    plans.put("minimal", minimal());
    plans.put("connectors", withConnectors());
    plans.put("external-database", externalDatabase());
    plans.put("custom-images-and-uis", customImagesAndUis());
    plans.put("everything", everything());
    plans.put("private-registry", privateRegistry());
    plans.put("every-setting", everySetting());
    plans.put("every-setting-without-network-policies", everySettingWithoutNetworkPolicies());
    return plans;
  }

  /**
   * Every sample and every descriptor plan ({@link DescriptorPlans#all()}), as arguments
   * (display name, plan) of a parameterized test.
   */
  public static Stream<Arguments> allWithDescriptorPlans() {
    return Stream.concat(all().entrySet().stream(), DescriptorPlans.all().entrySet().stream())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  /** A new builder of a plan named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds plans the way the deployment service resolves descriptors. */
  public static final class Builder {
    private final String name;
    private final List<ConnectorConfig> connectors = new ArrayList<>();
    private final Map<String, ServiceSettings> infrastructure = new TreeMap<>();
    private final List<ServicePlan> extra = new ArrayList<>();
    private Security security = new Security(new Members(Set.of("alice"), Set.of("ops")),
        new Members(Set.of("bob", "carol"), Set.of("clerks")));
    private ServiceSettings global = ServiceSettings.NONE;
    private boolean uis;
    private String projectName;
    private String releaseVersion = "3";
    private DataVolume dataVolume = new DataVolume(DataVolume.DEFAULT_SIZE, null,
        "/var/lib/postgresql/data", "pgdata");
    private ImagePullSecret pullSecret;

    private Builder(String name) {
      this.name = name;
      this.projectName = "Project " + name;
    }

    /** Sets the released project's name. */
    public Builder projectName(String newProjectName) {
      this.projectName = newProjectName;
      return this;
    }

    /** Gives the bundled database a volume of {@code size} in {@code storageClassName}. */
    public Builder storage(String size, String storageClassName) {
      this.dataVolume = new DataVolume(size, storageClassName, dataVolume.mountPath(),
          dataVolume.subPath());
      return this;
    }

    /** Makes the pods pull with credentials for {@code registry}. */
    public Builder pullSecret(String registry) {
      this.pullSecret = ImagePullSecret.of(registry, new RegistryCredentials("ci", PASSWORD));
      return this;
    }

    /** Sets the release version. */
    public Builder releaseVersion(String version) {
      this.releaseVersion = version;
      return this;
    }

    /** Sets admins and users. */
    public Builder security(Security newSecurity) {
      this.security = newSecurity;
      return this;
    }

    /** Adds a connector with its service. */
    public Builder connector(String connector, String image, ConnectorKind kind,
        Map<String, String> variables) {
      connectors.add(new ConnectorConfig(connector, ImageReference.parse(image), kind, variables));
      return this;
    }

    /** Points every service at an external PostgreSQL. */
    public Builder externalDatabase(String url, String username, String password) {
      global = new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL,
          Map.of("url", url, "username", username, "password", password,
              "jpaDatabasePlatform", "org.hibernate.dialect.PostgreSQLDialect")));
      return this;
    }

    /** Overrides the image of a platform service. */
    public Builder customImage(String service, String image) {
      infrastructure.put(service, new ServiceSettings(ImageReference.parse(image), Map.of()));
      return this;
    }

    /** Adds the Process Workspace and the Content App. */
    public Builder withUis() {
      this.uis = true;
      return this;
    }

    /** Adds a service as it is. */
    public Builder service(ServicePlan service) {
      extra.add(service);
      return this;
    }

    /** The plan. */
    public ApplicationPlan build() {
      Infrastructure infra = new Infrastructure(global, infrastructure);
      DeploymentDescriptor descriptor = new DeploymentDescriptor(name,
          ReleaseRef.of("project-" + name, releaseVersion), security, connectors, infra, CREATED, "devops");
      List<ServicePlan> services = new ArrayList<>(extra);
      boolean external = infra.hasExternalDatabase("runtime-bundle");
      Map<String, String> dbEnv = new TreeMap<>();
      Map<String, String> dbSecret = new TreeMap<>();
      if (external) {
        Map<String, String> db = infra.variables("runtime-bundle", Infrastructure.POSTGRESQL);
        dbEnv.put("SPRING_DATASOURCE_URL", db.get("url"));
        dbEnv.put("SPRING_DATASOURCE_USERNAME", db.get("username"));
        dbEnv.put("SPRING_JPA_DATABASE_PLATFORM", db.get("jpaDatabasePlatform"));
        dbSecret.put("SPRING_DATASOURCE_PASSWORD", db.get("password"));
      } else {
        dbEnv.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/activiti");
        dbEnv.put("SPRING_DATASOURCE_USERNAME", "activiti");
        dbSecret.put("SPRING_DATASOURCE_PASSWORD", PASSWORD);
        services.add(new ServicePlan("postgresql", ServiceKind.DATABASE,
            image(infra, "postgresql", "docker.io/library/postgres:15.8"), 5432,
            vars("POSTGRES_DB", "activiti", "POSTGRES_USER", "activiti"),
            vars("POSTGRES_PASSWORD", PASSWORD), false, null, dataVolume));
      }
      Map<String, String> rbEnv = new TreeMap<>(dbEnv);
      rbEnv.put("APPLICATION_NAME", name);
      rbEnv.put("PROJECT_MANIFEST_FILE_PATH", "/project-release/3/project-" + name + ".json");
      rbEnv.put("SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX",
          "file:/project-release/3/processes/");
      services.add(new ServicePlan("runtime-bundle", ServiceKind.RUNTIME_BUNDLE,
          "127.0.0.1:5000/apps/" + name + "@" + DIGEST, 8080, rbEnv, dbSecret, true, "/rb"));
      Map<String, String> queryEnv = new TreeMap<>(dbEnv);
      queryEnv.put("APPLICATION_NAME", name);
      services.add(new ServicePlan("query", ServiceKind.QUERY,
          image(infra, "query", "docker.io/activiti/activiti-cloud-query:8.7.0"), 8080, queryEnv,
          dbSecret, true, "/query"));
      if (uis) {
        services.add(new ServicePlan("process-workspace", ServiceKind.UI,
            image(infra, "process-workspace",
                "docker.io/alfresco/alfresco-process-workspace:7.1.0"), 80,
            vars("APP_CONFIG_BPM_HOST", "/" + name), Map.of(), false, "/workspace"));
        services.add(new ServicePlan("content-app", ServiceKind.UI,
            image(infra, "content-app", "docker.io/alfresco/alfresco-content-app:5.2.0"), 80,
            Map.of(), Map.of(), false, "/content"));
      }
      for (ConnectorConfig connector : connectors) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> secret = new TreeMap<>();
        connector.variables().forEach((k, v) ->
            (io.processdeploy.api.Secrets.isSecret(k) ? secret : env).put(k, v));
        env.put("APPLICATION_NAME", name);
        services.add(new ServicePlan(connector.name(), ServiceKind.CONNECTOR,
            connector.image().toString(), 8080, env, secret, false, null));
      }
      return new ApplicationPlan(name, name, descriptor, projectName, services, pullSecret);
    }

    private static String image(Infrastructure infra, String service, String catalog) {
      ImageReference custom = infra.image(service);
      return custom != null ? custom.toString() : catalog;
    }
  }

  /** A sorted map of alternating keys and values. */
  public static Map<String, String> vars(String... keysAndValues) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
