package io.processdeploy.core;

import io.processdeploy.api.Application;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.Members;
import io.processdeploy.api.MissingImplementationException;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.Removal;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.core.internal.Access;
import io.processdeploy.core.internal.ApplicationLeases;
import io.processdeploy.core.internal.CompareAndSet;
import io.processdeploy.core.internal.DescriptorFactory;
import io.processdeploy.core.internal.DescriptorTransfer;
import io.processdeploy.core.internal.EventBus;
import io.processdeploy.core.internal.NameLocks;
import io.processdeploy.core.internal.PermissionChanges;
import io.processdeploy.core.internal.Pipeline;
import io.processdeploy.core.internal.PlanFactory;
import io.processdeploy.core.internal.PlanLimits;
import io.processdeploy.core.internal.Redaction;
import io.processdeploy.core.internal.Spi;
import io.processdeploy.core.internal.Takeover;
import io.processdeploy.core.internal.Updates;
import io.processdeploy.core.store.InMemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Links;
import io.processdeploy.api.Page;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceHealth;
import io.processdeploy.api.event.DeploymentListener;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.api.spi.DeploymentMetrics;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import io.processdeploy.api.spi.DescriptorExporter;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ReleaseSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The deployment service: descriptors, deployments as a persisted state machine, and everything
 * after deployment. Every operation takes the {@link Caller} and checks the devops role before
 * anything else (only {@link #getApplication} and {@link #listApplications} serve other callers,
 * filtered to the applications where they are admin or user).
 *
 * <pre>{@code
 * try (DeploymentService service = DeploymentService.builder()
 *     .withReleaseSource(releases)          // the rest is found on the class path
 *     .build()) {
 *   Caller devops = Caller.of("dana", "APS_DEVOPS");
 *   service.deployRelease(devops, DescriptorRequest.builder("expenses", ReleaseRef.of("expenses", "1"))
 *       .withAdmins(Members.users("alice"))
 *       .build());
 *   Application app = service.awaitStatus(devops, "expenses", ApplicationStatus::isDeployed,
 *       Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Deployments run on a bounded pool of workers; {@link #deploy} returns as soon
 * as the application is stored in {@link ApplicationStatus#CreateApp}.
 */
public final class DeploymentService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);

  private final Access access;
  private final DeploymentStore store;
  private final ClusterTarget target;
  private final DescriptorExporter exporter;
  private final DescriptorFactory descriptors;
  private final DescriptorTransfer transfer;
  private final Pipeline pipeline;
  private final PermissionChanges permissions;
  private final Updates updates;
  private final EventBus events = new EventBus();
  private final NameLocks locks = new NameLocks();
  private final Set<String> removing = ConcurrentHashMap.newKeySet();
  private final Object admission = new Object();
  private final List<AutoCloseable> ownedResources = new ArrayList<>();
  private final int maxApplications;
  private final Duration removalTimeout;
  private final Clock clock;
  /** With several instances on one store: the leases of the applications this one drives. */
  private final ApplicationLeases leases;
  private final Takeover takeover;
  private final Path temporaryWorkDirectory;
  private volatile boolean closed;

  private DeploymentService(Builder builder) {
    this.access = new Access(builder.devopsRole);
    this.maxApplications = builder.maxApplications;
    this.removalTimeout = builder.removalTimeout;
    this.clock = builder.clock;
    ReleaseSource releases = Spi.require(ReleaseSource.class, builder.releaseSource,
        "register one in META-INF/services/" + ReleaseSource.class.getName()
            + " or call withReleaseSource(..)");
    ImageBuilder imageBuilder = Spi.require(ImageBuilder.class, builder.imageBuilder,
        "add io.processdeploy:deploy-registry to the class path or call withImageBuilder(..)");
    ImageRegistry registry = Spi.require(ImageRegistry.class, builder.imageRegistry,
        "add io.processdeploy:deploy-registry to the class path or call withImageRegistry(..)");
    this.target = Spi.require(ClusterTarget.class, builder.clusterTarget,
        "add io.processdeploy:deploy-k8s to the class path or call withClusterTarget(..)");
    this.store = builder.store != null ? builder.store
        : Spi.find(DeploymentStore.class).orElseGet(InMemoryStore::new);
    this.exporter = builder.exporter != null ? builder.exporter
        : Spi.find(DescriptorExporter.class).orElse(null);
    for (Object discovered : new Object[] {
        builder.releaseSource == null ? releases : null,
        builder.imageBuilder == null ? imageBuilder : null,
        builder.imageRegistry == null ? registry : null,
        builder.clusterTarget == null ? target : null,
        builder.exporter == null ? exporter : null}) {
      if (discovered instanceof AutoCloseable closeable) {
        ownedResources.add(closeable);
      }
    }
    target.reportMetricsTo(builder.metrics);
    builder.metrics.applicationsByStatus(() -> countByStatus(store));
    this.descriptors = new DescriptorFactory(releases, builder.catalog, registry, clock);
    this.transfer = new DescriptorTransfer(builder.catalog);
    builder.listeners.forEach(events::subscribe);
    Path workDirectory = builder.workDirectory;
    if (workDirectory == null) {
      try {
        workDirectory = Files.createTempDirectory("processdeploy-");
      } catch (IOException e) {
        throw new DeploymentException("cannot create a work directory for image builds: " + e
            + "; call withWorkDirectory(..)", e);
      }
      this.temporaryWorkDirectory = workDirectory;
    } else {
      this.temporaryWorkDirectory = null;
    }
    this.pipeline = new Pipeline(new Pipeline.Settings(store, releases, imageBuilder, registry,
        target, new PlanFactory(builder.catalog), events, locks, clock, builder.catalog,
        workDirectory, builder.workers, builder.applyAttempts, builder.updateDeadline,
        builder.metrics));
    this.updates = new Updates(store, descriptors, pipeline, events, locks, clock);
    this.permissions = new PermissionChanges(store, target, pipeline, events, locks, clock);
    if (builder.instanceId != null) {
      this.leases = new ApplicationLeases(store, builder.instanceId, builder.leaseTime,
          name -> pipeline.stop(name, Duration.ZERO));
      pipeline.driveWith(leases);
      this.takeover = new Takeover(store, leases, name -> pipeline.stop(name, Duration.ZERO),
          app -> {
            pipeline.recover(app, RecoveryMode.RESUME);
            resumeStoredOperation(app, false);
          },
          this::reconcile);
    } else {
      this.leases = null;
      this.takeover = null;
    }
    LOG.info("deployment service started: release source {}, image builder {}, registry {} ({}),"
        + " cluster target {}, store {}, exporter {}", releases.id(), imageBuilder.id(),
        registry.id(), registry.host(), target.id(), store.id(),
        exporter == null ? "none" : exporter.id());
    try {
      pipeline.recover(builder.recovery);
      resumeStoredOperations();
      if (takeover != null) {
        takeover.start();
      }
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  /** Starts building a service. */
  public static Builder builder() {
    return new Builder();
  }

  private static Map<ApplicationStatus, Long> countByStatus(DeploymentStore store) {
    Map<ApplicationStatus, Long> counts = new EnumMap<>(ApplicationStatus.class);
    for (Application app : store.applications()) {
      counts.merge(app.status(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * Validates a request completely and stores the descriptor it describes. Validation covers what
   * a Kubernetes API server would refuse in the application's objects as well (see
   * {@link io.processdeploy.api.KubernetesLimits}), so that an accepted descriptor can be
   * deployed.
   *
   * @throws io.processdeploy.api.ValidationException naming the offending field
   * @throws io.processdeploy.api.ConflictException when the name is taken by a descriptor or an
   *     application
   * @throws io.processdeploy.api.NotFoundException when the release does not exist
   */
  public DeploymentDescriptor createDescriptor(Caller caller, DescriptorRequest request) {
    access.requireDevops(caller, "create deployment descriptors");
    String name = DescriptorFactory.checkName(request);
    return locks.with(name, () -> {
      requireNameFree(name);
      DeploymentDescriptor descriptor = descriptors.create(request, caller);
      store.insertDescriptor(descriptor);
      LOG.info("descriptor {} created by {} for release {}", name, caller.name(),
          descriptor.release());
      return Redaction.masked(descriptor);
    });
  }

  /**
   * Writes a descriptor as a portable JSON document, to create it in another environment with
   * {@link #importDescriptor(Caller, String, Map)}. The document is the descriptor as a request:
   * name, release, security, connectors (an out-of-the-box connector by name only, so that the
   * importing environment's catalog supplies its image; a custom one with its image) and
   * infrastructure, pretty-printed with keys in a stable order and
   * {@code "format": "processdeploy-descriptor/v1"}. Secret values (see
   * {@link io.processdeploy.api.Secrets#isSecret}) are replaced by a placeholder and their keys
   * listed under {@code secretsToSupply}; the bundled database's password is not exported at all
   * (the importing environment generates its own).
   *
   * <pre>{@code
   * String json = staging.exportDescriptor(devops, "expenses");
   * // "secretsToSupply" : [ "connectors[email-connector].EMAIL_PASSWORD", ... ]
   * production.importDescriptor(devops, json,
   *     Map.of("connectors[email-connector].EMAIL_PASSWORD", productionMailPassword));
   * }</pre>
   *
   * @throws io.processdeploy.api.NotFoundException when there is no descriptor of that name
   */
  public String exportDescriptor(Caller caller, String name) {
    access.requireDevops(caller, "export deployment descriptors");
    return transfer.export(requireDescriptor(name));
  }

  /**
   * Creates a descriptor from a document {@link #exportDescriptor} wrote, under the document's
   * name; see {@link #importDescriptor(Caller, String, String, Map)}.
   *
   * <pre>{@code
   * DeploymentDescriptor created = production.importDescriptor(devops, json, Map.of(
   *     "connectors[email-connector].EMAIL_PASSWORD", productionMailPassword,
   *     "connectors[invoice-scanner].SCANNER_API_KEY", productionScannerKey));
   * }</pre>
   */
  public DeploymentDescriptor importDescriptor(Caller caller, String json,
      Map<String, String> secrets) {
    return importDescriptor(caller, json, null, secrets);
  }

  /**
   * Creates a descriptor from a document {@link #exportDescriptor} wrote, with the secret values
   * it lists under {@code secretsToSupply} taken from {@code secrets} (by the same keys). The
   * document becomes a {@link DescriptorRequest} that {@link #createDescriptor} validates and
   * stores, so an imported descriptor meets every rule a created one does; out-of-the-box
   * connectors get this service's catalog images, the bundled database a new password. Nothing
   * is stored when anything is refused.
   *
   * <pre>{@code
   * DeploymentDescriptor copy = production.importDescriptor(devops, json, "expenses-eu",
   *     Map.of("connectors[email-connector].EMAIL_PASSWORD", productionMailPassword,
   *         "connectors[invoice-scanner].SCANNER_API_KEY", productionScannerKey));
   * }</pre>
   *
   * @param newName the name to create the descriptor under; {@code null} keeps the document's
   * @param secrets secret values by key, e.g. {@code connectors[email-connector].EMAIL_PASSWORD}
   * @throws io.processdeploy.api.ValidationException naming the field (with line and column when
   *     the JSON is malformed), a wrong {@code format}, a secret that is missing (its key) or not
   *     asked for ({@code secrets}), or any rule {@link #createDescriptor} checks
   * @throws io.processdeploy.api.ConflictException when the name is taken
   * @throws io.processdeploy.api.NotFoundException when the release does not exist here
   */
  public DeploymentDescriptor importDescriptor(Caller caller, String json, String newName,
      Map<String, String> secrets) {
    access.requireDevops(caller, "import deployment descriptors");
    return createDescriptor(caller, transfer.toRequest(json, newName, secrets));
  }

  /**
   * Lists descriptors matching the query, sorted by name, one page at a time, with secret values
   * masked (see {@link #getDescriptor(Caller, String, boolean)}).
   */
  public Page<DeploymentDescriptor> listDescriptors(Caller caller, DescriptorQuery query) {
    access.requireDevops(caller, "list deployment descriptors");
    DescriptorQuery q = query == null ? DescriptorQuery.ALL : query;
    List<DeploymentDescriptor> matching = store.descriptors().stream()
        .filter(d -> q.nameContains() == null || d.name().contains(q.nameContains()))
        .filter(d -> q.createdAfter() == null || !d.createdAt().isBefore(q.createdAfter()))
        .filter(d -> q.createdBefore() == null || d.createdAt().isBefore(q.createdBefore()))
        .filter(d -> q.status() == null || store.findApplication(d.name())
            .map(a -> a.status() == q.status()).orElse(false))
        .sorted(Comparator.comparing(DeploymentDescriptor::name))
        .map(Redaction::masked)
        .toList();
    long from = (long) q.page() * q.size();
    List<DeploymentDescriptor> items = from >= matching.size() ? List.of()
        : matching.subList((int) from, (int) Math.min(matching.size(), from + q.size()));
    return new Page<>(items, q.page(), q.size(), matching.size());
  }

  /**
   * The descriptor of that name, with every secret value replaced by
   * {@link io.processdeploy.api.Secrets#MASK}.
   *
   * @throws io.processdeploy.api.NotFoundException when there is none
   */
  public DeploymentDescriptor getDescriptor(Caller caller, String name) {
    return getDescriptor(caller, name, false);
  }

  /**
   * The descriptor of that name; its secret values (variables declared secret or whose name says
   * so, see {@link io.processdeploy.api.Secrets}) are masked unless {@code revealSecrets}.
   *
   * @param revealSecrets whether to return the secret values themselves
   * @throws io.processdeploy.api.NotFoundException when there is none
   */
  public DeploymentDescriptor getDescriptor(Caller caller, String name, boolean revealSecrets) {
    access.requireDevops(caller, revealSecrets ? "read the secrets of deployment descriptors"
        : "read deployment descriptors");
    DeploymentDescriptor descriptor = requireDescriptor(name);
    return revealSecrets ? descriptor : Redaction.masked(descriptor);
  }

  /**
   * Deletes a descriptor.
   *
   * @throws io.processdeploy.api.ConflictException while its application exists (undeploy first)
   * @throws io.processdeploy.api.NotFoundException when there is none
   */
  public void deleteDescriptor(Caller caller, String name) {
    access.requireDevops(caller, "delete deployment descriptors");
    locks.run(name, () -> {
      while (true) {
        Versioned<DeploymentDescriptor> read = store.findVersionedDescriptor(name)
            .orElseThrow(() -> notFoundDescriptor(name));
        store.findApplication(name).ifPresent(app -> {
          throw new ConflictException("descriptor '" + name + "' is deployed as an application"
              + " in status " + app.status() + "; undeploy it first (forceUndeploy when it is in"
              + " progress or failed)");
        });
        try {
          // compare-and-set: a descriptor written since it was checked is checked again
          if (!store.deleteDescriptor(name, read.version())) {
            throw notFoundDescriptor(name);
          }
          break;
        } catch (StaleWriteException e) {
          LOG.debug("descriptor {} changed while it was deleted; checking it again", name);
        }
      }
      LOG.info("descriptor {} deleted by {}", name, caller.name());
    });
  }

  /**
   * Exports a descriptor with the configured {@link DescriptorExporter} (the Helm module), from
   * the same {@link #plan(Caller, String) plan} a deployment uses, behind the cluster target's
   * gateway ({@link ClusterTarget#gateway()}) unless the options give one.
   *
   * @throws io.processdeploy.api.MissingImplementationException when no exporter is available
   */
  public ExportedChart export(Caller caller, String name, ExportOptions options) {
    access.requireDevops(caller, "export deployment descriptors");
    if (exporter == null) {
      throw new MissingImplementationException("no DescriptorExporter found: add"
          + " io.processdeploy:deploy-helm to the class path or call withExporter(..)");
    }
    ApplicationPlan plan = planOf(name);
    ExportOptions given = options == null ? ExportOptions.DEFAULTS : options;
    ExportOptions used = given.gateway() != null ? given
        : target.gateway().map(given::withGateway).orElse(given);
    return exporter.export(plan, used);
  }

  /**
   * Deploys a descriptor: stores its application in {@link ApplicationStatus#CreateApp} and
   * returns it; the pipeline then runs on a worker.
   *
   * @throws io.processdeploy.api.ConflictException when the application exists, the namespace is
   *     taken by something else, or the limit of applications is reached
   */
  public Application deploy(Caller caller, String descriptorName) {
    access.requireDevops(caller, "deploy applications");
    return locks.with(descriptorName, () -> {
      DeploymentDescriptor descriptor = requireDescriptor(descriptorName);
      store.findApplication(descriptorName).ifPresent(app -> {
        throw new ConflictException("application '" + descriptorName + "' exists (status "
            + app.status() + "); undeploy it first, or deploy the release again under another"
            + " name");
      });
      descriptors.releasedProject(descriptor.release());
      target.checkNamespace(ResourceNames.namespace(descriptorName));
      return Redaction.masked(admit(caller, descriptor));
    });
  }

  /**
   * Creates the descriptor of a request and deploys it. Nothing is stored when either part is
   * refused.
   */
  public Application deployRelease(Caller caller, DescriptorRequest request) {
    access.requireDevops(caller, "deploy applications");
    String name = DescriptorFactory.checkName(request);
    return locks.with(name, () -> {
      requireNameFree(name);
      requireRoomForOneMore();
      target.checkNamespace(ResourceNames.namespace(name));
      DeploymentDescriptor descriptor = descriptors.create(request, caller);
      store.insertDescriptor(descriptor);
      try {
        return Redaction.masked(admit(caller, descriptor));
      } catch (RuntimeException e) {
        // unconditional: the descriptor this call inserted under the name's lock, not deployed
        store.deleteDescriptor(name);
        throw e;
      }
    });
  }

  /**
   * An application, with every secret value masked. A caller without the devops role sees only
   * applications where they are admin or user; others are reported as not found.
   *
   * @throws io.processdeploy.api.NotFoundException when there is none (or the caller may not see it)
   */
  public Application getApplication(Caller caller, String name) {
    return getApplication(caller, name, false);
  }

  /**
   * An application; its secret values are masked unless {@code revealSecrets}, which only a
   * devops caller may ask for. A caller without the devops role sees only applications where
   * they are admin or user; others are reported as not found.
   *
   * @param revealSecrets whether to return the secret values themselves
   * @throws io.processdeploy.api.AccessDeniedException when a caller without the devops role
   *     asks for the secret values
   * @throws io.processdeploy.api.NotFoundException when there is none (or the caller may not see it)
   */
  public Application getApplication(Caller caller, String name, boolean revealSecrets) {
    Objects.requireNonNull(caller, "caller was not specified");
    requireName(name);
    if (revealSecrets) {
      access.requireDevops(caller, "read the secrets of applications");
    }
    Application app = store.findApplication(name).orElse(null);
    if (app != null && access.isDevops(caller)) {
      return revealSecrets ? app : Redaction.masked(app);
    }
    if (app != null && app.descriptor().security().includes(caller)) {
      return Redaction.masked(app);
    }
    throw notFoundApplication(name);
  }

  /** Every application the caller may see, sorted by name (see {@link #getApplication}). */
  public List<Application> listApplications(Caller caller) {
    Objects.requireNonNull(caller, "caller was not specified");
    if (access.isDevops(caller)) {
      return store.applications().stream().map(Redaction::masked).toList();
    }
    return store.applications().stream()
        .filter(a -> a.descriptor().security().includes(caller))
        .map(Redaction::masked)
        .toList();
  }

  /**
   * Changes the admins and users of a deployed application in place: no image is rebuilt, only
   * the services that read the security configuration roll, the status stays as it is. The change
   * is stored on the application ({@link Application#pendingSecurity()}) before the descriptor
   * and the cluster are changed: if the service stops in between, the next start completes it, so
   * that descriptor, application and cluster end up agreeing. When the cluster refuses, the old
   * permissions are put back. With several instances sharing the store, an instance that does
   * not drive the application stores the change and waits (at most the removal timeout) until
   * the driving instance has carried it out.
   *
   * @throws io.processdeploy.api.ValidationException when there is no admin, when a name holds
   *     a control character, {@code ','}, {@code '='} or surrounding whitespace (naming it, e.g.
   *     {@code security.admins.users[2]}), or when the admins and users would not fit into one
   *     ConfigMap
   * @throws io.processdeploy.api.ConflictException when the application is not deployed
   */
  public Application updatePermissions(Caller caller, String name, Security security) {
    access.requireDevops(caller, "manage permissions");
    if (security == null || security.admins().isEmpty()) {
      throw new ValidationException("security.admins", "at least one admin user or group is"
          + " required; add one with Members.users(\"alice\")");
    }
    DescriptorFactory.checkMembers(security);
    PlanLimits.checkSecurity(security);
    Application stored = locks.with(name, () -> {
      Application app = requireApplication(name);
      boolean beingRemoved = removing.contains(name) || app.isBeingRemoved();
      if (!app.status().isDeployed() || beingRemoved) {
        throw new ConflictException("application '" + name + "' is " + app.status()
            + (beingRemoved ? " and being removed" : "") + "; permissions can be"
            + " changed once it is Running or Unknown");
      }
      if (leases != null && !leases.holds(name)) {
        return permissions.request(name, security);  // the driving instance carries it out
      }
      return permissions.change(app, security);
    });
    if (stored.pendingSecurity() != null) {
      stored = changedByItsDriver(name, security);
    }
    events.publish(new LogLine(name, "permissions changed by " + caller.name() + ": admins "
        + describe(security.admins()) + ", users " + describe(security.users()),
        clock.instant()));
    pipeline.signal();
    return Redaction.masked(stored);
  }

  /**
   * With several instances: waits until the instance driving {@code name} has carried out the
   * permission change this one stored.
   */
  private Application changedByItsDriver(String name, Security security) {
    Application app;
    try {
      app = pipeline.awaitApplication(name, a -> a.pendingSecurity() == null
          || !a.pendingSecurity().equals(security), "its new permissions", removalTimeout);
    } catch (NotFoundException gone) {
      throw gone;
    } catch (DeploymentException e) {
      throw new DeploymentException("the permission change of application '" + name + "' is"
          + " stored, and the instance driving the application did not carry it out within "
          + removalTimeout + "; it goes on with it (or another instance takes it over)");
    }
    if (!app.descriptor().security().equals(security)) {
      throw new ConflictException("the permission change of application '" + name + "' was not"
          + " applied: the cluster refused it (the old permissions are kept) or a later change"
          + " replaced it; read the application and try again");
    }
    return app;
  }

  /**
   * Moves a deployed application to another released version and/or a changed descriptor, as a
   * new revision. Returns once the update is stored (status {@link ApplicationStatus#UpdateApp});
   * then, on a worker, only what changed is built and pushed, and only the services whose pod
   * template changed roll, the previous version serving until the new one is available. When the
   * new revision is not available within the update deadline ({@link
   * Builder#withUpdateDeadline}), the previous one is put back by itself: the application is
   * Running again, the reason in its status history and in the revision ({@link
   * io.processdeploy.api.Revision.Outcome#ROLLED_BACK}); Unknown only when that fails too.
   *
   * <pre>{@code
   * service.update(devops, "expenses", DescriptorRequest.builder("expenses",
   *         ReleaseRef.of("expenses", "2"))
   *     .withAdmins(Members.users("alice"))
   *     .build());
   * service.awaitStatus(devops, "expenses", s -> s != ApplicationStatus.UpdateApp, timeout);
   * }</pre>
   *
   * @param request the whole new descriptor, validated as for {@link #deployRelease}; its name
   *     must be {@code name}
   * @throws io.processdeploy.api.ValidationException when the request is invalid
   * @throws io.processdeploy.api.ConflictException when the application is not Running or
   *     Unknown, is being removed or changing permissions, or already runs exactly this
   */
  public Application update(Caller caller, String name, DescriptorRequest request) {
    access.requireDevops(caller, "update applications");
    requireName(name);
    if (request != null && !name.equals(request.name())) {
      throw new ValidationException("request.name", "is '" + request.name() + "' but the"
          + " application to update is '" + name + "'; an update keeps the name");
    }
    DescriptorFactory.checkName(request);
    return Redaction.masked(updates.update(caller, name, request, removing.contains(name)));
  }

  /**
   * Returns a deployed application to one of its earlier revisions, explicitly: a new revision
   * with that revision's release, image and descriptor (the current admins and users are kept),
   * rolled out like an {@link #update}. Its image is already in the registry: nothing is built.
   *
   * @throws io.processdeploy.api.NotFoundException when there is no such revision
   * @throws io.processdeploy.api.ConflictException when the application is not Running or
   *     Unknown, or already runs that revision
   */
  public Application rollback(Caller caller, String name, int revision) {
    access.requireDevops(caller, "roll back applications");
    requireName(name);
    return Redaction.masked(updates.rollback(caller, name, revision, removing.contains(name)));
  }

  /**
   * The revisions of an application, oldest first, with every secret value masked: number,
   * release version, image digest, descriptor digest, who, when, outcome and why.
   */
  public List<io.processdeploy.api.Revision> history(Caller caller, String name) {
    access.requireDevops(caller, "read application history");
    Application app = requireApplication(name);
    return app.revisions().stream().map(Redaction::masked).toList();
  }

  /** Where users reach the application; the UIs only where its release has them. */
  public Links links(Caller caller, String name) {
    access.requireDevops(caller, "read application links");
    Application app = requireApplication(name);
    return target.links(pipeline.plan(app.descriptor(), Optional.of(app)));
  }

  /** The last {@code tailLines} lines of the log of one service of an application. */
  public String logs(Caller caller, String name, String service, int tailLines) {
    access.requireDevops(caller, "read application logs");
    if (tailLines < 1) {
      throw new ValidationException("tailLines", "must be 1 or more");
    }
    Application app = requireApplication(name);
    ApplicationPlan plan = pipeline.plan(app.descriptor(), Optional.of(app));
    if (service == null || plan.service(service).isEmpty()) {
      throw new NotFoundException("application '" + name + "' has no service '" + service
          + "'; its services are " + plan.services().stream().map(ServicePlan::name).toList());
    }
    try {
      return target.logs(app.namespace(), service, tailLines);
    } catch (UnsupportedOperationException e) {
      throw new DeploymentException("the cluster target " + target.id() + " does not give logs",
          e);
    }
  }

  /**
   * Undeploys a deployed ({@link ApplicationStatus#Running} or {@link ApplicationStatus#Unknown})
   * application: stores the removal ({@link Application#removal()}), deletes its namespace, waits
   * until it is gone, then removes the application. Its descriptor stays and becomes deletable.
   * If the service stops once the removal is stored, the next start completes it; the application
   * is never deployed again. When the namespace is not gone in time, the removal is withdrawn and
   * the application followed again.
   *
   * @throws io.processdeploy.api.ConflictException when the application is not deployed (use
   *     {@link #forceUndeploy})
   */
  public void undeploy(Caller caller, String name) {
    access.requireDevops(caller, "undeploy applications");
    Application app = locks.with(name, () -> {
      Application a = requireApplication(name);
      if (!a.status().isDeployed()) {
        throw new ConflictException("application '" + name + "' is " + a.status() + "; only a"
            + " Running or Unknown application can be undeployed: use forceUndeploy for one in"
            + " progress or failed");
      }
      if (a.isBeingRemoved() && a.removal().isForced() || !removing.add(name)) {
        throw new ConflictException("application '" + name + "' is already being removed"
            + "; forceUndeploy removes it whatever state it is in");
      }
      return storeRemoval(a, RemovalMode.NORMAL, caller);
    });
    try {
      if (removedByItsDriver(name)) {
        return;
      }
      events.publish(new LogLine(name, "undeploy requested by " + caller.name()
          + "; deleting namespace " + app.namespace(), clock.instant()));
      completeRemoval(app, "undeployed by " + caller.name() + "; descriptor '" + name
          + "' is kept");
    } finally {
      removing.remove(name);
    }
  }

  /**
   * Removes an application in any status: stores the removal ({@link Application#removal()}),
   * cancels its pipeline if one is running, removes whatever was created in the cluster, then
   * removes the application. Its descriptor stays. Once stored, the removal is completed whatever
   * happens: when it fails, by calling this again or by the next start of the service.
   */
  public void forceUndeploy(Caller caller, String name) {
    access.requireDevops(caller, "force undeploy applications");
    Application app = locks.with(name, () -> {
      Application a = requireApplication(name);
      removing.add(name);
      try {
        return storeRemoval(a, RemovalMode.FORCE, caller);
      } catch (RuntimeException e) {
        removing.remove(name);
        throw e;
      }
    });
    try {
      if (removedByItsDriver(name)) {
        return;
      }
      events.publish(new LogLine(name, "force undeploy requested by " + caller.name()
          + " in status " + app.status(), clock.instant()));
      completeRemoval(app, "force undeployed by " + caller.name() + " from status "
          + app.status() + "; descriptor '" + name + "' is kept");
    } finally {
      removing.remove(name);
    }
  }

  /**
   * Waits until the application's status satisfies {@code until}.
   *
   * @return the application in that status
   * @throws io.processdeploy.api.DeploymentException after {@code timeout}, naming the last status
   */
  public Application awaitStatus(Caller caller, String name, Predicate<ApplicationStatus> until,
      Duration timeout) {
    access.requireDevops(caller, "wait for applications");
    Objects.requireNonNull(until, "status predicate was not specified");
    Objects.requireNonNull(timeout, "timeout was not specified");
    return Redaction.masked(pipeline.await(name, until, timeout));
  }

  /**
   * Delivers every event of every application to {@code listener} until the subscription closes.
   * Each listener is called on its own thread, in the order the events happened for each
   * application, so a slow or throwing listener delays neither the others nor the deployments; a
   * listener that falls {@value io.processdeploy.core.internal.EventBus#DEFAULT_CAPACITY} events
   * behind loses its oldest undelivered ones (with a logged warning). Closing the service delivers
   * what is queued, for a few seconds at most.
   */
  public Subscription subscribe(Caller caller, DeploymentListener listener) {
    access.requireDevops(caller, "follow deployment events");
    return events.subscribe(listener);
  }

  /**
   * The plan a deployment (or an export) of the descriptor uses, with every secret value masked
   * (the services' secret environments keep their keys). Before the application's image is
   * pushed, the runtime bundle's image is the tag the deployment would push.
   */
  public ApplicationPlan plan(Caller caller, String name) {
    return plan(caller, name, false);
  }

  /**
   * The plan a deployment (or an export) of the descriptor uses; its secret values (variables,
   * secret environments, the pull secret's password) are masked unless {@code revealSecrets}.
   *
   * @param revealSecrets whether to return the secret values themselves
   */
  public ApplicationPlan plan(Caller caller, String name, boolean revealSecrets) {
    access.requireDevops(caller, revealSecrets ? "read the secrets of application plans"
        : "read application plans");
    ApplicationPlan plan = planOf(name);
    return revealSecrets ? plan : Redaction.masked(plan);
  }

  /**
   * The health of this service, for an embedding application's health endpoint: the store can be
   * read, the cluster target reaches its cluster (its informers watch, once an application is
   * followed), and the service is open. It needs no caller: it names no application and holds
   * no secret.
   */
  public ServiceHealth health() {
    return new ServiceHealth(List.of(store.health(), target.health(), closed
        ? ComponentHealth.down("service", "closed")
        : ComponentHealth.up("service", "open")));
  }

  /**
   * Stops the workers and the watches, delivers the queued events to listeners (for a few seconds
   * at most), and closes the store. Applications stay as stored.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (takeover != null) {
      takeover.close();
    }
    pipeline.close();
    if (leases != null) {
      leases.releaseAll();  // the other instances take over at once
    }
    events.close();
    for (AutoCloseable resource : ownedResources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", resource, e);
      }
    }
    store.close();
    if (temporaryWorkDirectory != null) {
      deleteQuietly(temporaryWorkDirectory);
    }
  }

  /**
   * Stores the application of a descriptor whose name, release and namespace the caller has
   * checked, within the limit of applications, and starts its pipeline.
   */
  private Application admit(Caller caller, DeploymentDescriptor descriptor) {
    String name = descriptor.name();
    Application app;
    synchronized (admission) {
      requireRoomForOneMore();
      app = Application.create(descriptor, ResourceNames.namespace(name), clock.instant(),
          caller.name());
      store.insertApplication(app);
    }
    events.publish(new StatusChanged(name, null, ApplicationStatus.CreateApp, app.reason(),
        app.createdAt()));
    pipeline.signal();
    pipeline.start(app);
    LOG.info("application {} accepted for deployment by {}", name, caller.name());
    return app;
  }

  private void requireRoomForOneMore() {
    int count = store.applications().size();
    if (count >= maxApplications) {
      throw new ConflictException("the limit of " + maxApplications + " applications is"
          + " reached; undeploy one first or raise the limit with withMaxApplications(..)");
    }
  }

  private void requireNameFree(String name) {
    if (store.findDescriptor(name).isPresent()) {
      throw new ConflictException("a descriptor named '" + name + "' exists; choose another"
          + " name (deploying a release twice needs two names)");
    }
    if (store.findApplication(name).isPresent()) {
      throw new ConflictException("an application named '" + name + "' exists; choose another"
          + " name");
    }
  }

  /**
   * Stores the removal of an application before anything is deleted (the caller holds its lock),
   * so that a crash from here on ends with the application removed, never deployed again.
   */
  private Application storeRemoval(Application app, RemovalMode mode, Caller caller) {
    Removal removal = new Removal(mode, caller.name(), clock.instant());
    while (true) {
      // compare-and-set: another instance may write the application meanwhile
      Versioned<Application> read = store.findVersionedApplication(app.name())
          .orElseThrow(() -> notFoundApplication(app.name()));
      Application intent = read.value().withRemoval(removal);
      try {
        store.replaceApplication(intent, read.version());
        return intent;
      } catch (StaleWriteException e) {
        LOG.debug("application {} changed while its removal was stored; storing it again",
            app.name());
      }
    }
  }

  /**
   * Removes what a stored removal names: stops the pipeline, removes the namespace, then the
   * application. When an undeploy (not a forced one) cannot remove the namespace, the removal is
   * withdrawn and the application followed again, as before it was asked for; a force undeploy
   * stays stored until it succeeds (again, or at the next start).
   */
  private void completeRemoval(Application app, String done) {
    try (LogContext.Scope logs = LogContext.forApplication(app.name())) {
      removeNow(app, done);
    }
  }

  private void removeNow(Application app, String done) {
    String name = app.name();
    Removal removal = app.removal();
    try {
      if (!pipeline.stop(name, removalTimeout) && removal.isForced()) {
        LOG.warn("the pipeline of {} did not stop within {}; removing its resources anyway",
            name, removalTimeout);
      }
      target.remove(app.namespace(), removal.mode(), removalTimeout);
    } catch (RuntimeException e) {
      if (!removal.isForced() && !closed) {
        locks.run(name, () -> {
          Application kept = CompareAndSet.application(store, name, a ->
              a.isBeingRemoved() && !a.removal().isForced() ? a.withRemoval(null) : null);
          if (kept != null) {
            pipeline.start(kept);
          }
        });
      }
      throw e;
    }
    removeApplication(name, done);
  }

  /**
   * Completes, on the workers, what a previous run stored but did not finish: removals (an
   * application being removed is never deployed again) and permission changes.
   */
  private void resumeStoredOperations() {
    for (Application app : store.applications()) {
      resumeStoredOperation(app, false);
    }
  }

  /**
   * Starts, on the instance holding an application's lease, what another instance stored for it:
   * a removal, or an update (or rollback) waiting in {@link ApplicationStatus#UpdateApp}.
   */
  private void reconcile(Application app) {
    if (app.isBeingRemoved() && !removing.contains(app.name())) {
      resumeStoredOperation(app, true);
    } else if (app.pendingSecurity() != null && app.status().isDeployed()) {
      pipeline.submit(() -> permissions.carryOutRequest(app.name()));
    } else if (app.status() == ApplicationStatus.UpdateApp && !pipeline.isStepping(app.name())) {
      pipeline.start(app);
    }
  }

  /**
   * With several instances: when another instance drives {@code name}, waits until it has
   * completed the removal this one stored; returns whether it did.
   */
  private boolean removedByItsDriver(String name) {
    if (leases == null || leases.claim(name)) {
      return false;
    }
    try {
      pipeline.await(name, s -> false, removalTimeout);
    } catch (NotFoundException gone) {
      return true;
    } catch (DeploymentException e) {
      throw new DeploymentException("the removal of application '" + name + "' is stored, and"
          + " the instance driving the application did not complete it within " + removalTimeout
          + "; it goes on with it (or another instance takes it over)");
    }
    throw new IllegalStateException("unreachable");
  }

  private void resumeStoredOperation(Application app, boolean forAnotherInstance) {
    String name = app.name();
    if (leases != null && !leases.claim(name)) {
      return;  // another instance drives it
    }
    if (app.isBeingRemoved()) {
      removing.add(name);
      Removal removal = app.removal();
      String what = removal.isForced() ? "force undeploy" : "undeploy";
      LOG.info("application {}: completing the {} requested by {} at {}", name, what,
          removal.requestedBy(), removal.requestedAt());
      pipeline.submit(() -> {
        try {
          events.publish(new LogLine(name, "completing the " + what + " requested by "
              + removal.requestedBy() + (forAnotherInstance ? " through another instance"
              : " before the service stopped"), clock.instant()));
          completeRemoval(app, what + " requested by " + removal.requestedBy()
              + (forAnotherInstance ? " completed" : " completed after a restart")
              + "; descriptor '" + name + "' is kept");
        } catch (RuntimeException e) {
          if (!closed) {
            LOG.warn("application {}: completing the {} failed ({})", name, what,
                e.getClass().getSimpleName());
          }
        } finally {
          removing.remove(name);
        }
      });
    } else if (app.pendingSecurity() != null) {
      pipeline.submit(() -> permissions.recover(name));
    }
  }

  private void removeApplication(String name, String message) {
    locks.run(name, () -> {
      // unconditional: the stored removal decides, whatever was written since (no write of a
      // pipeline, update or permission change touches an application being removed)
      store.deleteApplication(name);
      events.publish(new LogLine(name, message, clock.instant()));
      pipeline.signal();
    });
    if (leases != null) {
      leases.release(name);
    }
    LOG.info("application {}: {}", name, message);
  }

  private ApplicationPlan planOf(String name) {
    DeploymentDescriptor descriptor = requireDescriptor(name);
    return pipeline.plan(descriptor, store.findApplication(name));
  }

  private static void requireName(String name) {
    if (name == null) {
      throw new ValidationException("name", "is required; give the name of a descriptor or an"
          + " application");
    }
  }

  private DeploymentDescriptor requireDescriptor(String name) {
    requireName(name);
    return store.findDescriptor(name).orElseThrow(() -> notFoundDescriptor(name));
  }

  private Application requireApplication(String name) {
    requireName(name);
    return store.findApplication(name).orElseThrow(() -> notFoundApplication(name));
  }

  private static NotFoundException notFoundDescriptor(String name) {
    return new NotFoundException("no descriptor named '" + name + "'; create one with"
        + " createDescriptor(..)");
  }

  private static NotFoundException notFoundApplication(String name) {
    return new NotFoundException("no application named '" + name + "'");
  }

  private static void deleteQuietly(Path directory) {
    try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot delete the work directory {}", directory, e);
    }
  }

  private static String describe(Members members) {
    return "users " + members.users() + " groups " + members.groups();
  }

  /**
   * Builds a {@link DeploymentService}. Every SPI not passed in is found with
   * {@link java.util.ServiceLoader} (the thread context class loader first, then this library's;
   * the highest {@code priority()} wins).
   */
  public static final class Builder {
    ReleaseSource releaseSource;
    DeploymentStore store;
    ImageBuilder imageBuilder;
    ImageRegistry imageRegistry;
    ClusterTarget clusterTarget;
    DescriptorExporter exporter;
    String devopsRole = "APS_DEVOPS";
    int maxApplications = 100;
    int workers = 4;
    Catalog catalog = Catalog.defaults();
    Path workDirectory;
    Clock clock = Clock.systemUTC();
    RecoveryMode recovery = RecoveryMode.RESUME;
    String instanceId;
    Duration leaseTime = Duration.ofSeconds(15);
    int applyAttempts = 3;
    Duration removalTimeout = Duration.ofMinutes(5);
    Duration updateDeadline = Duration.ofMinutes(10);
    DeploymentMetrics metrics = DeploymentMetrics.NONE;
    final List<DeploymentListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Where released projects come from. */
    public Builder withReleaseSource(ReleaseSource value) {
      this.releaseSource = Objects.requireNonNull(value, "release source was not specified");
      return this;
    }

    /** Where descriptors and applications are kept; in memory when none is given or found. */
    public Builder withStore(DeploymentStore value) {
      this.store = Objects.requireNonNull(value, "store was not specified");
      return this;
    }

    /** What builds application images. */
    public Builder withImageBuilder(ImageBuilder value) {
      this.imageBuilder = Objects.requireNonNull(value, "image builder was not specified");
      return this;
    }

    /** Where application images are pushed. */
    public Builder withImageRegistry(ImageRegistry value) {
      this.imageRegistry = Objects.requireNonNull(value, "image registry was not specified");
      return this;
    }

    /** Where applications run. */
    public Builder withClusterTarget(ClusterTarget value) {
      this.clusterTarget = Objects.requireNonNull(value, "cluster target was not specified");
      return this;
    }

    /** What exports descriptors (optional; without one, export is refused). */
    public Builder withExporter(DescriptorExporter value) {
      this.exporter = Objects.requireNonNull(value, "exporter was not specified");
      return this;
    }

    /** The role every operation requires, {@code APS_DEVOPS} by default. */
    public Builder withDevopsRole(String value) {
      Objects.requireNonNull(value, "devops role was not specified");
      if (value.isBlank()) {
        throw new IllegalArgumentException("devops role must not be blank");
      }
      this.devopsRole = value;
      return this;
    }

    /** The most applications that may exist at once, 100 by default. */
    public Builder withMaxApplications(int value) {
      this.maxApplications = atLeastOne("max applications", value);
      return this;
    }

    /** How many pipelines run at once, 4 by default. */
    public Builder withWorkers(int value) {
      this.workers = atLeastOne("workers", value);
      return this;
    }

    /** The platform and connector images, {@link Catalog#defaults()} by default. */
    public Builder withCatalog(Catalog value) {
      this.catalog = Objects.requireNonNull(value, "catalog was not specified");
      return this;
    }

    /**
     * The directory image builders work in; by default a temporary directory, deleted when the
     * service closes.
     */
    public Builder withWorkDirectory(Path value) {
      this.workDirectory = Objects.requireNonNull(value, "work directory was not specified");
      return this;
    }

    /** The clock of every recorded time, UTC system time by default. */
    public Builder withClock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock was not specified");
      return this;
    }

    /** What to do at start with applications left mid-pipeline, {@link RecoveryMode#RESUME} by default. */
    public Builder withRecovery(RecoveryMode value) {
      this.recovery = Objects.requireNonNull(value, "recovery mode was not specified");
      return this;
    }

    /**
     * How many times the cluster is asked to create the resources when it fails transiently, 3
     * by default.
     */
    public Builder withApplyAttempts(int value) {
      this.applyAttempts = atLeastOne("apply attempts", value);
      return this;
    }

    /** How long undeploy waits for an application's namespace to be gone, 5 minutes by default. */
    public Builder withRemovalTimeout(Duration value) {
      Objects.requireNonNull(value, "removal timeout was not specified");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("removal timeout must be positive, was " + value);
      }
      this.removalTimeout = value;
      return this;
    }

    /**
     * How long an update (or a rollback) waits for its revision to become available before the
     * previous revision is put back, 10 minutes by default.
     */
    public Builder withUpdateDeadline(Duration value) {
      Objects.requireNonNull(value, "update deadline was not specified");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("update deadline must be positive, was " + value);
      }
      this.updateDeadline = value;
      return this;
    }

    /**
     * Where deployments, updates, pipeline steps, cluster retries and watches, and the
     * applications per status are measured; nothing is measured by default. The cluster target
     * reports to the same metrics. With Micrometer on the class path:
     * {@code withMetrics(MicrometerMetrics.of(meterRegistry))}
     * ({@link io.processdeploy.core.metrics.MicrometerMetrics}).
     */
    public Builder withMetrics(DeploymentMetrics value) {
      this.metrics = Objects.requireNonNull(value, "metrics were not specified");
      return this;
    }

    /**
     * Shares the store with other instances: this one is {@code id} (unique among them), and
     * drives an application (its pipeline, recovery, removal) only while it holds the
     * application's lease in the store; it takes over the applications of an instance that stopped
     * renewing its leases. Without it, the service is the only one on its store.
     */
    public Builder withInstanceId(String id) {
      if (id == null || id.isBlank()) {
        throw new ValidationException("instanceId", "must not be blank; give each instance"
            + " sharing the store its own id, e.g. the pod name");
      }
      this.instanceId = id;
      return this;
    }

    /**
     * How long an instance's lease on an application lasts without renewal (15 s by default): the
     * longest an application stays without a driver after its instance dies. Renewed every third.
     */
    public Builder withLeaseTime(Duration value) {
      Objects.requireNonNull(value, "lease time was not specified");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("lease time must be positive, was " + value);
      }
      this.leaseTime = value;
      return this;
    }

    /**
     * Adds a listener that receives every event from the start, including the status changes of
     * recovery (which happen before {@link #subscribe} can be called).
     */
    public Builder addListener(DeploymentListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener was not specified"));
      return this;
    }

    private static int atLeastOne(String what, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be 1 or more, was " + value);
      }
      return value;
    }

    /**
     * Builds the service: finds the SPIs not passed in, then recovers the applications a previous
     * run left behind (see {@link #withRecovery}).
     *
     * @throws io.processdeploy.api.MissingImplementationException naming the artifact to add when
     *     a required SPI is neither passed in nor found
     */
    public DeploymentService build() {
      return new DeploymentService(this);
    }
  }
}
