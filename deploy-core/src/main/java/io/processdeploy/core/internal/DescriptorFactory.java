package io.processdeploy.core.internal;

import io.processdeploy.api.Caller;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Names;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ReleaseSource;
import io.processdeploy.core.Catalog;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * Validates a {@link DescriptorRequest} completely and turns it into a
 * {@link DeploymentDescriptor}: release exists and is released, admins given, every connector the
 * release uses configured (out-of-the-box ones are added from the catalog when not given),
 * variables well-formed, image references valid, infrastructure settings known, and every
 * Kubernetes object of the application one that an API server accepts ({@link PlanLimits}). It
 * stores nothing; every refusal is a {@link ValidationException} naming the field (or a
 * {@link NotFoundException} for a missing release) whose message never holds a secret value.
 */
public final class DescriptorFactory {
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private final ReleaseSource releases;
  private final Catalog catalog;
  private final PlanFactory plans;
  private final ImageRegistry registry;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * A factory reading releases from {@code releases} and images from {@code catalog}; the
   * application images of the plans it checks go to {@code registry}.
   */
  public DescriptorFactory(ReleaseSource releases, Catalog catalog, ImageRegistry registry,
      Clock clock) {
    this.releases = releases;
    this.catalog = catalog;
    this.plans = new PlanFactory(catalog);
    this.registry = registry;
    this.clock = clock;
  }

  /** Checks the request's name (rules only; uniqueness is the caller's business). */
  public static String checkName(DescriptorRequest request) {
    if (request == null) {
      throw new ValidationException("request", "is required");
    }
    return Names.requireApplicationName("name", request.name());
  }

  /**
   * Validates and builds the descriptor.
   *
   * @throws ValidationException naming the offending field
   * @throws NotFoundException when the release does not exist
   */
  public DeploymentDescriptor create(DescriptorRequest request, Caller caller) {
    return create(request, caller, null);
  }

  /**
   * Validates and builds the descriptor that replaces {@code previous} (an update): a bundled
   * database keeps the password generated for {@code previous}, since its data was written with
   * it, unless the request gives one.
   *
   * @throws ValidationException naming the offending field
   * @throws NotFoundException when the release does not exist
   */
  public DeploymentDescriptor create(DescriptorRequest request, Caller caller,
      DeploymentDescriptor previous) {
    String name = checkName(request);
    ReleasedProject project = releasedProject(request.release());
    if (request.security().admins().isEmpty()) {
      throw new ValidationException("security.admins", "at least one admin user or group is"
          + " required; add one with withAdmins(Members.users(\"alice\"))");
    }
    checkMembers(request.security());
    ReleaseAnalysis analysis = ReleaseAnalyzer.analyze(project);
    List<ConnectorConfig> connectors = connectors(request.connectors(), analysis, project.ref());
    Set<String> connectorServices = new java.util.TreeSet<>();
    connectors.forEach(c -> connectorServices.add(ImageNaming.serviceName(c.name())));
    Infrastructure infrastructure = infrastructure(request.infrastructure(), analysis,
        previous == null ? null : PlanFactory.bundledPassword(previous.infrastructure()),
        connectorServices);
    DeploymentDescriptor descriptor = new DeploymentDescriptor(name, project.ref(),
        request.security(), connectors, infrastructure, clock.instant(), caller.name());
    io.processdeploy.api.ApplicationPlan plan = plans.plan(descriptor, analysis,
        ImageNaming.target(registry, name, project.ref().version()).toString());
    PlanLimits.check(plan);
    for (io.processdeploy.api.ServicePlan service : plan.services()) {
      WorkloadSettings.checkLimits(infrastructure.services().containsKey(service.name())
          ? "infrastructure.services[" + service.name() + "]" : "infrastructure.global",
          service);
    }
    return descriptor;
  }

  /**
   * Checks every user and group name of {@code security} ({@link Names#requireMemberName}),
   * naming it by its place in the sorted list, e.g. {@code security.admins.users[2]}.
   *
   * @throws ValidationException naming the offending name
   */
  public static void checkMembers(Security security) {
    members("security.admins.users", security.admins().users());
    members("security.admins.groups", security.admins().groups());
    members("security.users.users", security.users().users());
    members("security.users.groups", security.users().groups());
  }

  private static void members(String field, Set<String> names) {
    int i = 0;
    for (String name : names) {
      Names.requireMemberName(field + "[" + i++ + "]", name);
    }
  }

  /**
   * The released project a reference points at. The version, asked for and given back by the
   * release source, must be a plain directory name ({@link Names#requireReleaseVersion}): it
   * names a directory of the application image and its tag.
   *
   * @throws NotFoundException when it does not exist
   * @throws ValidationException (field {@code release.version}) when it is not released or its
   *     version is not a plain one
   */
  public ReleasedProject releasedProject(ReleaseRef ref) {
    if (ref == null) {
      throw new ValidationException("release", "is required; give the project id and the"
          + " released version to deploy, e.g. ReleaseRef.of(\"expenses-project\", \"1.0.0\")");
    }
    Names.requireReleaseVersion("release.version", ref.version());
    ReleasedProject project = releases.find(ref).orElseThrow(() -> new NotFoundException(
        "release " + ref + " not found: no project '" + ref.projectId() + "' with version '"
            + ref.version() + "'; check the project id and version"));
    try {
      Names.requireReleaseVersion("release.version", project.ref().version());
    } catch (ValidationException e) {
      throw new ValidationException("release.version", "the release source " + releases.id()
          + " answered release " + ref + " with a version that is not a plain one: "
          + e.getMessage().substring(e.field().length() + 2) + "; fix the release there");
    }
    if (!project.released()) {
      throw new ValidationException("release.version", "version '" + ref.version()
          + "' of project '" + ref.projectId() + "' is not released; release it first or choose"
          + " a released version");
    }
    return project;
  }

  private List<ConnectorConfig> connectors(List<ConnectorRequest> requests,
      ReleaseAnalysis analysis, ReleaseRef ref) {
    Map<String, ConnectorConfig> configs = new TreeMap<>();
    Map<String, String> serviceNames = new HashMap<>();
    for (int i = 0; i < requests.size(); i++) {
      ConnectorRequest r = requests.get(i);
      if (r == null) {
        throw new ValidationException("connectors[" + i + "]", "is empty; remove it");
      }
      if (r.name() == null || r.name().isBlank()) {
        throw new ValidationException("connectors[" + i + "].name", "is required; give the"
            + " connector name the release's service tasks call, e.g. email-connector");
      }
      String name = r.name().trim();
      String field = "connectors[" + name + "]";
      if (configs.containsKey(name)) {
        throw new ValidationException(field, "is configured twice; keep one entry");
      }
      if (!analysis.usedConnectors().containsKey(name)) {
        throw new ValidationException(field, "connector '" + name + "' is not used by any"
            + " process of release " + ref + "; remove it (the release uses "
            + analysis.usedConnectors().keySet() + ")");
      }
      ImageReference image;
      ConnectorKind kind = catalog.isOutOfTheBox(name) ? ConnectorKind.OUT_OF_THE_BOX
          : ConnectorKind.CUSTOM;
      if (r.image() != null && !r.image().isBlank()) {
        image = ImageReference.parse(field + ".image", r.image());
      } else if (kind == ConnectorKind.OUT_OF_THE_BOX) {
        image = catalog.connector(name).orElseThrow();
      } else {
        throw new ValidationException(field + ".image", "'" + name + "' is a custom connector:"
            + " give the image you published it as, e.g. registry.example.com/team/" + name
            + ":1.0");
      }
      Map<String, String> variables = Variables.parse(field + ".variables", r.variablesJson());
      checkServiceName(field, name, serviceNames);
      checkDeclaredSecrets(field + ".secretVariables", r.secretVariables(), variables.keySet());
      configs.put(name, new ConnectorConfig(name, image, kind, variables, r.secretVariables()));
    }
    for (Map.Entry<String, SortedSet<String>> used : analysis.usedConnectors().entrySet()) {
      String name = used.getKey();
      if (configs.containsKey(name)) {
        continue;
      }
      if (catalog.isOutOfTheBox(name)) {
        checkServiceName("connectors[" + name + "]", name, serviceNames);
        configs.put(name, new ConnectorConfig(name, catalog.connector(name).orElseThrow(),
            ConnectorKind.OUT_OF_THE_BOX, Map.of()));
      } else {
        throw new ValidationException("connectors", "connector '" + name + "' is used by "
            + (used.getValue().size() == 1 ? "process " : "processes ")
            + String.join(", ", used.getValue()) + " of release " + ref + " but is not"
            + " configured, and it is not an out-of-the-box connector; add"
            + " ConnectorRequest.custom(\"" + name + "\", \"<image you published>\", <variables>)");
      }
    }
    return new ArrayList<>(configs.values());
  }

  /** Refuses a declared secret variable that is not among the variables (a misspelt name). */
  private static void checkDeclaredSecrets(String field, Set<String> declared,
      Set<String> variables) {
    for (String key : declared) {
      if (!variables.contains(key)) {
        throw new ValidationException(field, "declares '" + key + "' secret but there is no"
            + " variable of that name; give its value or remove it from the secret variables");
      }
    }
  }

  private static void checkServiceName(String field, String name, Map<String, String> seen) {
    String service = ImageNaming.serviceName(name);
    if (Catalog.SERVICES.contains(service)) {
      throw new ValidationException(field + ".name", "connector '" + name + "' would run as"
          + " service '" + service + "', which the application needs for itself; rename the"
          + " connector");
    }
    String other = seen.putIfAbsent(service, name);
    if (other != null) {
      throw new ValidationException(field + ".name", "connectors '" + other + "' and '" + name
          + "' would both run as service '" + service + "'; rename one of them");
    }
  }

  private Infrastructure infrastructure(Infrastructure infra, ReleaseAnalysis analysis,
      String keptPassword, Set<String> connectorServices) {
    settings("infrastructure.global", infra.global(), null);
    WorkloadSettings.check("infrastructure.global", infra.global());
    WorkloadSettings.ingress("infrastructure.ingress", infra.ingress());
    infra.services().forEach((service, settings) -> {
      String prefix = "infrastructure.services[" + service + "]";
      if (connectorServices.contains(service)) {
        if (settings.image() != null || !settings.variables().isEmpty()
            || !settings.secretKeys().isEmpty()) {
          throw new ValidationException(prefix, "a connector's image and variables are set on"
              + " the connector (connectors[..]); here only how its pods run");
        }
      } else if (!Catalog.SERVICES.contains(service)) {
        throw new ValidationException(prefix, "'" + service
            + "' is not a service of the application; use one of " + Catalog.SERVICES
            + (connectorServices.isEmpty() ? "" : " or a connector's service "
                + connectorServices));
      } else {
        settings(prefix, settings, service);
      }
      WorkloadSettings.check(prefix, settings);
    });
    ImageReference base = infra.image(Catalog.RUNTIME_BUNDLE);
    if (base != null && base.registry().equals("docker.io")
        && base.repository().equals("library/scratch")) {
      throw new ValidationException("infrastructure.services[" + Catalog.RUNTIME_BUNDLE
          + "].image", "scratch runs nothing; give a runtime-bundle base image with an"
          + " entrypoint");
    }
    for (String service : List.of(Catalog.RUNTIME_BUNDLE, Catalog.QUERY)) {
      if (infra.hasExternalDatabase(service)
          && infra.variables(service, Infrastructure.POSTGRESQL).get("username") == null) {
        throw new ValidationException("infrastructure.services[" + service + "].variables["
            + Infrastructure.POSTGRESQL + "].username", "is required with an external database"
            + " url; give it here or under infrastructure.global");
      }
    }
    requireImage(infra, Catalog.QUERY);
    if (analysis.processWorkspace()) {
      requireImage(infra, Catalog.PROCESS_WORKSPACE);
    }
    if (analysis.contentApp()) {
      requireImage(infra, Catalog.CONTENT_APP);
    }
    if (!PlanFactory.needsBundledDatabase(infra)) {
      return infra;
    }
    requireImage(infra, Catalog.POSTGRESQL);
    if (PlanFactory.bundledPassword(infra) != null) {
      return infra;
    }
    ServiceSettings db = infra.service(Catalog.POSTGRESQL);
    Map<String, Map<String, String>> groups = new TreeMap<>(db.variables());
    Map<String, String> pg = new TreeMap<>(db.group(Infrastructure.POSTGRESQL));
    pg.put("password", keptPassword != null ? keptPassword : generatePassword());
    groups.put(Infrastructure.POSTGRESQL, pg);
    Map<String, ServiceSettings> services = new TreeMap<>(infra.services());
    services.put(Catalog.POSTGRESQL, db.withVariables(groups));
    return infra.withServices(infra.global(), services);
  }

  private void requireImage(Infrastructure infra, String service) {
    if (infra.image(service) == null && catalog.image(service).isEmpty()) {
      throw new ValidationException("infrastructure.services[" + service + "].image", "the"
          + " catalog has no image for " + service + "; give one here or add it to the catalog"
          + " with Catalog.builder().withImage(\"" + service + "\", ..)");
    }
  }

  /** Checks the settings of {@code service}, or the global ones when it is {@code null}. */
  private static void settings(String prefix, ServiceSettings settings, String service) {
    if (service == null && settings.image() != null) {
      throw new ValidationException(prefix + ".image", "an image replaces one service's image;"
          + " set it under infrastructure.services[<service>] instead");
    }
    Set<String> keys = new java.util.HashSet<>();
    settings.variables().values().forEach(values -> keys.addAll(values.keySet()));
    checkDeclaredSecrets(prefix + ".secretKeys", settings.secretKeys(), keys);
    settings.variables().forEach((group, values) -> {
      String field = prefix + ".variables[" + group + "]";
      values.forEach((key, value) -> Variables.checkValue(field + "." + key, value));
      if (Infrastructure.POSTGRESQL.equals(group)) {
        for (Map.Entry<String, String> e : values.entrySet()) {
          if (!Infrastructure.POSTGRESQL_KEYS.contains(e.getKey())) {
            throw new ValidationException(field + "." + e.getKey(), "is not a PostgreSQL"
                + " setting; use " + new java.util.TreeSet<>(Infrastructure.POSTGRESQL_KEYS));
          }
          if (e.getValue() == null || e.getValue().isBlank()) {
            throw new ValidationException(field + "." + e.getKey(), "is empty; give a value or"
                + " leave the key out");
          }
        }
        String url = values.get("url");
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
          throw new ValidationException(field + ".url", "must be a PostgreSQL JDBC url starting"
              + " with jdbc:postgresql://, e.g. jdbc:postgresql://db.example.com:5432/activiti");
        }
      } else if (Infrastructure.STORAGE.equals(group)) {
        StorageSettings.check(field, service, values);
      } else if (Infrastructure.ENV.equals(group)) {
        values.forEach((key, value) -> {
          if (!io.processdeploy.api.Names.isEnvironmentVariable(key)) {
            throw new ValidationException(field, "'" + key + "' is not a valid environment"
                + " variable name; use letters, digits and '_', not starting with a digit");
          }
          if (value == null) {
            throw new ValidationException(field + "." + key, "has no value; give one or leave"
                + " the variable out");
          }
        });
      } else {
        throw new ValidationException(field, "'" + group + "' is not a variable group; use "
            + Infrastructure.POSTGRESQL + ", " + Infrastructure.ENV + " or "
            + Infrastructure.STORAGE);
      }
    });
  }

  private String generatePassword() {
    char[] out = new char[24];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
