package io.processdeploy.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Caller;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.testkit.internal.EmbeddedFields;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit 5 extension behind {@link DeploymentTest}: starts an embedded
 * {@link DeploymentEnvironment} and fills the test's {@link Embedded @Embedded} fields with its
 * parts. The environment is kept in the test's {@link ExtensionContext.Store} and closed with it.
 *
 * <p>Registered with {@link DeploymentTest}, it starts the environment with its defaults, per class
 * when the {@code @Embedded} fields are static and per test when they are instance fields.
 * Registered with {@link RegisterExtension}, it is configured by its builder and lives as long as
 * the field holding it: a static field gives one environment for the class, an instance field one
 * per test. Its {@link #environment()} gives the running environment.
 *
 * <pre>{@code
 * class AgainstARealRegistryTest {
 *   @RegisterExtension
 *   static ProcessDeployExtension deployments = ProcessDeployExtension.builder()
 *       .withRealRegistry("127.0.0.1:5000")
 *       .build();
 *
 *   @Embedded static DeploymentService service;
 * }
 * }</pre>
 */
public final class ProcessDeployExtension implements BeforeAllCallback, BeforeEachCallback {
  /** Field types that {@code @Embedded} fields may declare. */
  static final List<Class<?>> SUPPORTED_TYPES = List.of(DeploymentEnvironment.class,
      DeploymentService.class, EventRecorder.class, Caller.class, EmbeddedCluster.class,
      KubernetesClient.class, ImageRegistry.class, DirectoryRegistry.class, OciRegistry.class,
      Catalog.class, InMemoryReleaseSource.class, SampleProjects.class);
  private static final EmbeddedFields FIELDS = new EmbeddedFields(Embedded.class, SUPPORTED_TYPES);

  private final DeploymentEnvironment.Builder configuration;
  private final boolean programmatic;
  private volatile DeploymentEnvironment current;

  /** The form {@link DeploymentTest} uses: embedded defaults. Prefer {@link #builder()} in code. */
  public ProcessDeployExtension() {
    this(DeploymentEnvironment.builder(), false);
  }

  private ProcessDeployExtension(DeploymentEnvironment.Builder configuration,
      boolean programmatic) {
    this.configuration = configuration;
    this.programmatic = programmatic;
  }

  /** Starts configuring an extension to register with {@link RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The environment running for the current class or test.
   *
   * @throws IllegalStateException outside a test: the environment starts before all tests (static
   *     registration) or before each test (instance registration)
   */
  public DeploymentEnvironment environment() {
    DeploymentEnvironment env = current;
    if (env == null) {
      throw new IllegalStateException("no deployment environment is running: it starts before"
          + " all tests when the extension is in a static field, before each test otherwise; use"
          + " it from a test or a @BeforeEach method");
    }
    return env;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (stepsAside(context)) {
      return;
    }
    Class<?> testClass = context.getRequiredTestClass();
    List<Field> fields = FIELDS.find(testClass);
    // a static registration shares its environment with instance fields too
    FIELDS.check(fields, programmatic);
    List<Field> statics = EmbeddedFields.statics(fields);
    if (programmatic || !statics.isEmpty()) {
      DeploymentEnvironment env = start(context);
      FIELDS.inject(null, statics, env.parts());
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (stepsAside(context)) {
      return;
    }
    DeploymentEnvironment shared = runningEnvironment(context);
    if (programmatic && shared == null) {
      refuseStaticFields(context.getRequiredTestClass());
    }
    DeploymentEnvironment perTest = null;
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      List<Field> fields = EmbeddedFields.instances(FIELDS.find(instance.getClass()));
      FIELDS.check(fields, true);
      if (fields.isEmpty()) {
        continue;
      }
      if (shared == null && perTest == null) {
        perTest = start(context);
      }
      FIELDS.inject(instance, fields, (shared != null ? shared : perTest).parts());
    }
    if (programmatic && shared == null && perTest == null) {
      start(context); // an instance registration without fields: reachable through environment()
    }
  }

  /** An instance registration lives for one test: static fields would outlive it. */
  private static void refuseStaticFields(Class<?> testClass) {
    List<Field> statics = EmbeddedFields.statics(FIELDS.find(testClass));
    if (!statics.isEmpty()) {
      throw new ExtensionConfigurationException("@Embedded field "
          + EmbeddedFields.name(statics.get(0)) + " is static but the ProcessDeployExtension of "
          + testClass.getSimpleName() + " is registered in an instance field, so its environment"
          + " lives for one test; make the @RegisterExtension field static, or this field an"
          + " instance field");
    }
  }

  private DeploymentEnvironment start(ExtensionContext context) {
    StoredEnvironment stored = context.getStore(namespace()).getOrComputeIfAbsent(
        StoredEnvironment.class, k -> new StoredEnvironment(configuration.start(), this),
        StoredEnvironment.class);
    current = stored.environment();
    return stored.environment();
  }

  /**
   * The environment this extension started for the class or an enclosing class, if any (a store
   * sees the values of its parents' stores).
   */
  private DeploymentEnvironment runningEnvironment(ExtensionContext context) {
    StoredEnvironment stored = context.getStore(namespace()).get(StoredEnvironment.class,
        StoredEnvironment.class);
    return stored == null ? null : stored.environment();
  }

  /** Declarative registrations share one namespace; each configured extension has its own. */
  private Namespace namespace() {
    return programmatic ? Namespace.create(ProcessDeployExtension.class, this)
        : Namespace.create(ProcessDeployExtension.class);
  }

  /**
   * The extension registered by {@link DeploymentTest} does nothing when the test class also
   * registers a configured one, so that the configured environment is the only one.
   */
  private boolean stepsAside(ExtensionContext context) {
    if (programmatic) {
      return false;
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      boolean registered = !AnnotationSupport.findAnnotatedFields(c, RegisterExtension.class,
          f -> ProcessDeployExtension.class.isAssignableFrom(f.getType()),
          HierarchyTraversalMode.TOP_DOWN).isEmpty();
      if (registered) {
        return true;
      }
    }
    return false;
  }

  void forget(DeploymentEnvironment env) {
    if (current == env) {
      current = null;
    }
  }

  /** Holds an environment in the store; closing the store closes the environment once. */
  @SuppressWarnings("deprecation") // CloseableResource keeps JUnit versions before 5.13 working
  private static final class StoredEnvironment
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final DeploymentEnvironment environment;
    private final ProcessDeployExtension owner;

    StoredEnvironment(DeploymentEnvironment environment, ProcessDeployExtension owner) {
      this.environment = environment;
      this.owner = owner;
    }

    DeploymentEnvironment environment() {
      return environment;
    }

    @Override
    public void close() {
      owner.forget(environment);
      environment.close();
    }
  }

  /** Configures a {@link ProcessDeployExtension}. */
  public static final class Builder {
    private final DeploymentEnvironment.Builder configuration = DeploymentEnvironment.builder();

    private Builder() {}

    /**
     * Pushes images to a real OCI registry at {@code host} (e.g. {@code 127.0.0.1:5000}) over
     * HTTP, instead of the embedded one.
     */
    public Builder withRealRegistry(String host) {
      configuration.withRealRegistry(host);
      return this;
    }

    /** Pushes images to a real OCI registry at {@code host} with these credentials. */
    public Builder withRealRegistry(String host, RegistryCredentials credentials) {
      configuration.withRealRegistry(host, credentials);
      return this;
    }

    /** How many deployments run at once, 2 by default. */
    public Builder withWorkers(int workers) {
      configuration.withWorkers(workers);
      return this;
    }

    /** The role every operation requires; the {@code Caller} field holds it. */
    public Builder withDevopsRole(String role) {
      configuration.withDevopsRole(role);
      return this;
    }

    /** Where the environment keeps its files; a new temporary directory by default. */
    public Builder withWorkDirectory(Path directory) {
      configuration.withWorkDirectory(directory);
      return this;
    }

    /** The gateway base URL links are made from. */
    public Builder withGatewayBaseUrl(String url) {
      configuration.withGatewayBaseUrl(url);
      return this;
    }

    /** Further settings of the deployment service, applied last (e.g. a store or a clock). */
    public Builder configureService(Consumer<DeploymentService.Builder> customizer) {
      configuration.configureService(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /** Builds the extension. */
    public ProcessDeployExtension build() {
      return new ProcessDeployExtension(configuration.copy(), true);
    }
  }
}
