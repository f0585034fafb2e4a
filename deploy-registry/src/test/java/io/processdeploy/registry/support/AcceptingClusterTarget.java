package io.processdeploy.registry.support;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Links;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A cluster that accepts every plan and reports it running at once: the image steps are what the
 * tests using it look at.
 */
public final class AcceptingClusterTarget implements ClusterTarget {
  /** Every plan applied, in order. */
  public final List<ApplicationPlan> applied = new CopyOnWriteArrayList<>();

  @Override
  public String id() {
    return "accepting";
  }

  @Override
  public void checkNamespace(String namespace) {}

  @Override
  public void apply(ApplicationPlan plan, ProgressSink progress) {
    applied.add(plan);
  }

  @Override
  public Subscription watch(ApplicationPlan plan, Consumer<ClusterHealth> listener) {
    listener.accept(ClusterHealth.running());
    return () -> { };
  }

  @Override
  public void updateSecurity(ApplicationPlan plan) {}

  @Override
  public void remove(String namespace, RemovalMode mode, Duration timeout) {}

  @Override
  public Links links(ApplicationPlan plan) {
    return new Links(URI.create("http://apps.test/" + plan.name() + "/"), null, null);
  }
}
