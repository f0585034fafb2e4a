package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance's share of the applications in a shared store: every third of the lease
 * time it renews its leases, gives up those of applications that are gone, starts what other
 * instances stored for the applications it holds (they accept requests, the holder drives them),
 * and takes the lease of
 * every application nobody holds (a new one whose admitting instance could not, or one whose
 * instance died), handing it to {@code drive}, which resumes it from its stored state as a restart
 * would.
 */
public final class Takeover implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

  private final DeploymentStore store;
  private final ApplicationLeases leases;
  private final Consumer<String> gone;
  private final Consumer<Application> drive;
  private final Consumer<Application> reconcile;
  private final ScheduledExecutorService timer;

  /**
   * @param gone told each held application that is no longer stored (stop driving it)
   * @param drive given each application this instance took over
   * @param reconcile given, every round, each application this instance holds: it starts what
   *     another instance stored for it (an update, a removal)
   */
  public Takeover(DeploymentStore store, ApplicationLeases leases, Consumer<String> gone,
      Consumer<Application> drive, Consumer<Application> reconcile) {
    this.store = store;
    this.leases = leases;
    this.gone = gone;
    this.drive = drive;
    this.reconcile = reconcile;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "processdeploy-leases-" + leases.owner());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the rounds. */
  public void start() {
    long period = Math.max(1, leases.ttl().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
  }

  /** One round: renew, drop what is gone, take over what nobody drives. */
  public void round() {
    try {
      leases.renewAll();
      Map<String, Application> stored = store.applications().stream()
          .collect(Collectors.toMap(Application::name, a -> a));
      for (String name : leases.held()) {
        Application app = stored.get(name);
        if (app == null) {
          gone.accept(name);
          leases.release(name);
        } else {
          reconcile.accept(app);
        }
      }
      // one read of every lease, not one per application: a round costs the same statements
      // however many applications there are (plus one renewal per lease held)
      Set<String> leased = store.leases().stream().map(Lease::name).collect(Collectors.toSet());
      for (String name : stored.keySet()) {
        if (!leases.holds(name) && !leased.contains(name) && leases.claim(name)) {
          store.findApplication(name).ifPresentOrElse(app -> {
            LOG.info("instance {} takes over application {} in status {}", leases.owner(),
                name, app.status());
            drive.accept(app);
          }, () -> leases.release(name));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("instance {}: a round of lease renewal and takeover failed ({})", leases.owner(),
          e.getClass().getSimpleName());
    }
  }

  /** Stops the rounds (the leases are released by the caller, or expire). */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
