package io.processdeploy.core.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.core.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns a descriptor, what its release holds and its built image into the
 * {@link ApplicationPlan} that the cluster target and the exporter render. Deterministic: the
 * same inputs give an equal plan. Ingress paths are relative to the application's gateway
 * (which is itself under {@code /<application>/}): {@code /rb}, {@code /query} and the UIs'
 * names.
 *
 * <p>The runtime bundle finds its release through its environment: {@value #RELEASE_DIR_VARIABLE}
 * (the directory, e.g. {@code /project-release/3/}), {@code APPLICATION_VERSION} (the release
 * version), {@code PROJECT_MANIFEST_FILE_PATH} (the project file, as a {@code file:} URL) and
 * {@code SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX} (the {@code processes/} folder, as a
 * {@code file:} URL). The bundled database keeps its data on a {@link DataVolume}, in the
 * subdirectory {@value #DATA_SUBDIRECTORY} of the mount, which {@code PGDATA} names.
 */
public final class PlanFactory {
  /** The variable that tells the runtime bundle the directory holding its release files. */
  public static final String RELEASE_DIR_VARIABLE = "PROJECT_RELEASE_DIR";
  /** Where the bundled database's volume is mounted. */
  public static final String DATA_MOUNT_PATH = "/var/lib/postgresql/data";
  /** The subdirectory of the mount holding the database files. */
  public static final String DATA_SUBDIRECTORY = "pgdata";
  /** Port every application service but the database listens on. */
  public static final int HTTP_PORT = 8080;
  /** Port of the bundled database. */
  public static final int DATABASE_PORT = 5432;
  /** Database and user name of the bundled database. */
  public static final String BUNDLED_DATABASE = "activiti";
  /** Default JPA platform for PostgreSQL. */
  public static final String POSTGRESQL_DIALECT = "org.hibernate.dialect.PostgreSQLDialect";

  private final Catalog catalog;

  /** Takes platform images from {@code catalog}. */
  public PlanFactory(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The plan of an application.
   *
   * @param descriptor the descriptor
   * @param release what the release holds
   * @param runtimeBundleImage the application image: by digest once pushed, otherwise the tag a
   *     deployment pushes
   */
  public ApplicationPlan plan(DeploymentDescriptor descriptor, ReleaseAnalysis release,
      String runtimeBundleImage) {
    String app = descriptor.name();
    Infrastructure infra = descriptor.infrastructure();
    String version = descriptor.release().version();
    String releaseDir = "file:" + ImageBuildRequest.RELEASE_ROOT + version + "/";
    List<ServicePlan> services = new ArrayList<>();

    Env rb = new Env(infra, Catalog.RUNTIME_BUNDLE)
        .addAll(infra.variables(Catalog.RUNTIME_BUNDLE, Infrastructure.ENV));
    rb.add("SPRING_APPLICATION_NAME", app);
    rb.add("SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX", releaseDir + "processes/");
    rb.add("PROJECT_MANIFEST_FILE_PATH", releaseDir + release.projectName() + ".json");
    rb.add("APPLICATION_VERSION", version);
    rb.add(RELEASE_DIR_VARIABLE, ImageBuildRequest.RELEASE_ROOT + version + "/");
    datasource(rb, descriptor, Catalog.RUNTIME_BUNDLE);
    services.add(new ServicePlan(Catalog.RUNTIME_BUNDLE, ServiceKind.RUNTIME_BUNDLE,
        runtimeBundleImage, HTTP_PORT, rb.plain, rb.secret, true, "/rb"));

    Env query = new Env(infra, Catalog.QUERY)
        .addAll(infra.variables(Catalog.QUERY, Infrastructure.ENV));
    query.add("SPRING_APPLICATION_NAME", app + "-query");
    datasource(query, descriptor, Catalog.QUERY);
    services.add(new ServicePlan(Catalog.QUERY, ServiceKind.QUERY, image(infra, Catalog.QUERY),
        HTTP_PORT, query.plain, query.secret, true, "/query"));

    for (ConnectorConfig connector : descriptor.connectors()) {
      Env env = new Env(key -> infra.global().isSecret(key) || connector.isSecret(key))
          .addAll(infra.global().group(Infrastructure.ENV))
          .addAll(connector.variables());
      services.add(new ServicePlan(ImageNaming.serviceName(connector.name()),
          ServiceKind.CONNECTOR, connector.image().toString(), HTTP_PORT, env.plain, env.secret,
          false, null));
    }

    if (release.processWorkspace()) {
      services.add(ui(descriptor, Catalog.PROCESS_WORKSPACE));
    }
    if (release.contentApp()) {
      services.add(ui(descriptor, Catalog.CONTENT_APP));
    }

    if (needsBundledDatabase(infra)) {
      Env db = new Env(infra, Catalog.POSTGRESQL)
          .addAll(infra.variables(Catalog.POSTGRESQL, Infrastructure.ENV));
      db.add("POSTGRES_DB", BUNDLED_DATABASE);
      db.add("POSTGRES_USER", BUNDLED_DATABASE);
      db.add("POSTGRES_PASSWORD", bundledPassword(infra));
      DataVolume volume = dataVolume(infra);
      db.add("PGDATA", volume.dataDirectory());
      services.add(new ServicePlan(Catalog.POSTGRESQL, ServiceKind.DATABASE,
          image(infra, Catalog.POSTGRESQL), DATABASE_PORT, db.plain, db.secret, false, null,
          volume));
    }
    return new ApplicationPlan(app, ResourceNames.namespace(app), descriptor,
        release.projectName(), resolved(infra, services));
  }

  /**
   * The services with their pods' settings resolved ({@link Infrastructure#workload}), the
   * bundled database reachable only from the services given its datasource.
   */
  private static List<ServicePlan> resolved(Infrastructure infra, List<ServicePlan> services) {
    java.util.Set<String> databaseClients = new java.util.TreeSet<>();
    String bundledUrl = bundledUrl();
    for (ServicePlan s : services) {
      if (bundledUrl.equals(s.env().get("SPRING_DATASOURCE_URL"))
          || bundledUrl.equals(s.secretEnv().get("SPRING_DATASOURCE_URL"))) {
        databaseClients.add(s.name());
      }
    }
    List<ServicePlan> out = new ArrayList<>();
    for (ServicePlan s : services) {
      ServicePlan withWorkload = s.withWorkload(infra.workload(s.name(), s.kind(),
          s.readsSecurity()));
      out.add(s.kind() == ServiceKind.DATABASE ? withWorkload.withClients(databaseClients)
          : withWorkload);
    }
    return out;
  }

  private static String bundledUrl() {
    return "jdbc:postgresql://" + Catalog.POSTGRESQL + ":" + DATABASE_PORT + "/"
        + BUNDLED_DATABASE;
  }

  /** Whether the runtime bundle or the query service use the bundled database. */
  public static boolean needsBundledDatabase(Infrastructure infra) {
    return !infra.hasExternalDatabase(Catalog.RUNTIME_BUNDLE)
        || !infra.hasExternalDatabase(Catalog.QUERY);
  }

  /**
   * The password of the bundled database, kept with the descriptor as the {@code password} of
   * the {@code postgresql-service} group of the {@code postgresql} service.
   */
  public static String bundledPassword(Infrastructure infra) {
    return infra.service(Catalog.POSTGRESQL).group(Infrastructure.POSTGRESQL).get("password");
  }

  private static DataVolume dataVolume(Infrastructure infra) {
    Map<String, String> storage = infra.service(Catalog.POSTGRESQL).group(Infrastructure.STORAGE);
    return new DataVolume(storage.getOrDefault("size", DataVolume.DEFAULT_SIZE),
        storage.get("storageClassName"), DATA_MOUNT_PATH, DATA_SUBDIRECTORY);
  }

  private ServicePlan ui(DeploymentDescriptor descriptor, String service) {
    String app = descriptor.name();
    Env env = new Env(descriptor.infrastructure(), service)
        .addAll(descriptor.infrastructure().variables(service, Infrastructure.ENV));
    env.add("APP_CONFIG_BPM_HOST", "/" + app);
    env.add("BASE_PATH", "/" + app + "/" + service);
    return new ServicePlan(service, ServiceKind.UI, image(descriptor.infrastructure(), service),
        HTTP_PORT, env.plain, env.secret, false, "/" + service);
  }

  private static void datasource(Env env, DeploymentDescriptor descriptor, String service) {
    Infrastructure infra = descriptor.infrastructure();
    if (infra.hasExternalDatabase(service)) {
      Map<String, String> db = infra.variables(service, Infrastructure.POSTGRESQL);
      env.add("SPRING_DATASOURCE_URL", db.get("url"), infra.isSecret(service, "url"));
      env.add("SPRING_DATASOURCE_USERNAME", db.get("username"),
          infra.isSecret(service, "username"));
      env.add("SPRING_DATASOURCE_PASSWORD", db.get("password"));
      env.add("SPRING_JPA_DATABASE_PLATFORM", db.getOrDefault("jpaDatabasePlatform",
          POSTGRESQL_DIALECT));
    } else {
      env.add("SPRING_DATASOURCE_URL", bundledUrl());
      env.add("SPRING_DATASOURCE_USERNAME", BUNDLED_DATABASE);
      env.add("SPRING_DATASOURCE_PASSWORD", bundledPassword(infra));
      env.add("SPRING_JPA_DATABASE_PLATFORM", POSTGRESQL_DIALECT);
    }
  }

  private String image(Infrastructure infra, String service) {
    ImageReference override = infra.image(service);
    if (override != null) {
      return override.toString();
    }
    return catalog.image(service).map(ImageReference::toString).orElseThrow(() ->
        new IllegalStateException("the catalog has no image for " + service
            + "; add one with Catalog.builder().withImage(\"" + service + "\", ..)"));
  }

  /**
   * Environment split into plain and secret variables: by name, or as the request declared them.
   */
  private static final class Env {
    final Map<String, String> plain = new TreeMap<>();
    final Map<String, String> secret = new TreeMap<>();
    private final Predicate<String> declaredSecret;

    Env(Predicate<String> declaredSecret) {
      this.declaredSecret = declaredSecret;
    }

    Env(Infrastructure infra, String service) {
      this(key -> infra.isSecret(service, key));
    }

    Env addAll(Map<String, String> variables) {
      variables.forEach(this::add);
      return this;
    }

    void add(String name, String value) {
      add(name, value, false);
    }

    /** Adds a variable, secret when {@code declared} is set, its name says so or it is declared. */
    void add(String name, String value, boolean declared) {
      if (value == null) {
        return;
      }
      if (declared || Secrets.isSecret(name) || declaredSecret.test(name)) {
        plain.remove(name);
        secret.put(name, value);
      } else {
        secret.remove(name);
        plain.put(name, value);
      }
    }
  }
}
