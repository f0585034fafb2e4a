package io.processdeploy.core;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Links;
import io.processdeploy.api.Page;
import io.processdeploy.api.Security;
import io.processdeploy.api.event.DeploymentListener;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.DeploymentStore;
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

  private DeploymentService(Builder builder) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Starts building a service. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Validates a request completely and stores the descriptor it describes.
   *
   * @throws io.processdeploy.api.ValidationException naming the offending field
   * @throws io.processdeploy.api.ConflictException when the name is taken by a descriptor or an
   *     application
   * @throws io.processdeploy.api.NotFoundException when the release does not exist
   */
  public DeploymentDescriptor createDescriptor(Caller caller, DescriptorRequest request) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Lists descriptors matching the query, sorted by name, one page at a time. */
  public Page<DeploymentDescriptor> listDescriptors(Caller caller, DescriptorQuery query) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * The descriptor of that name.
   *
   * @throws io.processdeploy.api.NotFoundException when there is none
   */
  public DeploymentDescriptor getDescriptor(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Deletes a descriptor.
   *
   * @throws io.processdeploy.api.ConflictException while its application exists (undeploy first)
   * @throws io.processdeploy.api.NotFoundException when there is none
   */
  public void deleteDescriptor(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Exports a descriptor with the configured {@link DescriptorExporter} (the Helm module), from
   * the same {@link #plan(Caller, String) plan} a deployment uses.
   *
   * @throws io.processdeploy.api.MissingImplementationException when no exporter is available
   */
  public ExportedChart export(Caller caller, String name, ExportOptions options) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Deploys a descriptor: stores its application in {@link ApplicationStatus#CreateApp} and
   * returns it; the pipeline then runs on a worker.
   *
   * @throws io.processdeploy.api.ConflictException when the application exists, the namespace is
   *     taken by something else, or the limit of applications is reached
   */
  public Application deploy(Caller caller, String descriptorName) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Creates the descriptor of a request and deploys it. Nothing is stored when either part is
   * refused.
   */
  public Application deployRelease(Caller caller, DescriptorRequest request) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * An application. A caller without the devops role sees only applications where they are admin
   * or user, with secret values masked; others are reported as not found.
   *
   * @throws io.processdeploy.api.NotFoundException when there is none (or the caller may not see it)
   */
  public Application getApplication(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Every application the caller may see, sorted by name (see {@link #getApplication}). */
  public List<Application> listApplications(Caller caller) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Changes the admins and users of a deployed application in place: no image is rebuilt, only
   * the services that read the security configuration roll, the status stays as it is.
   *
   * @throws io.processdeploy.api.ConflictException when the application is not deployed
   */
  public Application updatePermissions(Caller caller, String name, Security security) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Where users reach the application; the UIs only where its release has them. */
  public Links links(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The last {@code tailLines} lines of the log of one service of an application. */
  public String logs(Caller caller, String name, String service, int tailLines) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Undeploys a deployed ({@link ApplicationStatus#Running} or {@link ApplicationStatus#Unknown})
   * application: deletes its namespace, waits until it is gone, then removes the application. Its
   * descriptor stays and becomes deletable.
   *
   * @throws io.processdeploy.api.ConflictException when the application is not deployed (use
   *     {@link #forceUndeploy})
   */
  public void undeploy(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Removes an application in any status: cancels its pipeline if one is running, removes whatever
   * was created in the cluster, then removes the application. Its descriptor stays.
   */
  public void forceUndeploy(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Waits until the application's status satisfies {@code until}.
   *
   * @return the application in that status
   * @throws io.processdeploy.api.DeploymentException after {@code timeout}, naming the last status
   */
  public Application awaitStatus(Caller caller, String name, Predicate<ApplicationStatus> until,
      Duration timeout) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Delivers every event of every application to {@code listener} until the subscription closes. */
  public Subscription subscribe(Caller caller, DeploymentListener listener) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * The plan a deployment (or an export) of the descriptor uses. Before the application's image
   * is pushed, the runtime bundle's image is the tag the deployment would push.
   */
  public ApplicationPlan plan(Caller caller, String name) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Stops the workers and the watches, and closes the store. Applications stay as stored. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("not implemented yet");
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
    String baseImage = "scratch";
    Path workDirectory;
    Clock clock = Clock.systemUTC();
    RecoveryMode recovery = RecoveryMode.RESUME;
    int applyAttempts = 3;
    Duration removalTimeout = Duration.ofMinutes(5);

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
      if (value < 1) {
        throw new IllegalArgumentException("max applications must be 1 or more, was " + value);
      }
      this.maxApplications = value;
      return this;
    }

    /** How many pipelines run at once, 4 by default. */
    public Builder withWorkers(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("workers must be 1 or more, was " + value);
      }
      this.workers = value;
      return this;
    }

    /** The platform and connector images, {@link Catalog#defaults()} by default. */
    public Builder withCatalog(Catalog value) {
      this.catalog = Objects.requireNonNull(value, "catalog was not specified");
      return this;
    }

    /**
     * The base image of application images, {@code scratch} by default (see
     * {@link io.processdeploy.api.spi.ImageBuildRequest#baseImage()}). A descriptor's
     * {@code runtime-bundle} image override replaces it for that application.
     */
    public Builder withBaseImage(String value) {
      this.baseImage = Objects.requireNonNull(value, "base image was not specified");
      return this;
    }

    /** The directory image builders work in; a temporary directory by default. */
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
      if (value < 1) {
        throw new IllegalArgumentException("apply attempts must be 1 or more, was " + value);
      }
      this.applyAttempts = value;
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
