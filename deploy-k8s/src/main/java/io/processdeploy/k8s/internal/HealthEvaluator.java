package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.processdeploy.api.spi.ClusterHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what the cluster says about an application's Deployments and pods into one
 * {@link ClusterHealth}. Pure.
 *
 * <ul>
 *   <li>UNKNOWN when a service cannot get there: its Deployment reports
 *       {@code Progressing=False ProgressDeadlineExceeded} or {@code ReplicaFailure=True}, or one
 *       of its containers waits in {@link #STUCK_REASONS}.
 *   <li>RUNNING when every service's Deployment is available and, for a watch that has not
 *       reported RUNNING yet (e.g. one opened to follow an update), has rolled out its current
 *       pod template; a service that rolls while available does not stop a running application.
 *   <li>Otherwise PENDING, or UNKNOWN once the startup deadline passed or once the application
 *       had been running (it is no longer available).
 * </ul>
 */
public final class HealthEvaluator {
  /** Container waiting reasons that do not resolve by themselves. */
  public static final Set<String> STUCK_REASONS = Set.of("CrashLoopBackOff", "ImagePullBackOff",
      "ErrImagePull", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

  private static final String NAME_LABEL = "app.kubernetes.io/name";

  private HealthEvaluator() {}

  /**
   * The health of an application.
   *
   * @param services the names of its services
   * @param deployments its Deployments
   * @param pods its pods
   * @param deadlinePassed whether the startup deadline has passed
   * @param deadline the startup deadline, for the message
   * @param wasRunning whether the application was running before
   */
  public static ClusterHealth evaluate(Collection<String> services,
      Collection<Deployment> deployments, Collection<Pod> pods, boolean deadlinePassed,
      Duration deadline, boolean wasRunning) {
    return evaluate(services, deployments, pods, deadlinePassed, deadline, wasRunning, Map.of());
  }

  /**
   * The health of an application, counting a service as available only once its Deployment
   * has rolled out the generation last applied to it: the controller has observed it, every
   * wanted replica runs the new pod template and no pod of an older one is left.
   *
   * @param appliedGenerations by service, the {@code metadata.generation} the last apply gave
   *     its Deployment; a cached Deployment older than that is still rolling
   */
  public static ClusterHealth evaluate(Collection<String> services,
      Collection<Deployment> deployments, Collection<Pod> pods, boolean deadlinePassed,
      Duration deadline, boolean wasRunning, Map<String, Long> appliedGenerations) {
    List<String> stuck = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    List<String> rolling = new ArrayList<>();
    for (String service : services) {
      Deployment d = deployments.stream()
          .filter(x -> service.equals(x.getMetadata().getName())).findFirst().orElse(null);
      if (d == null) {
        waiting.add("service " + service + ": its Deployment does not exist");
        continue;
      }
      Long applied = appliedGenerations.get(service);
      // conditions of a generation the controller has not observed yet describe the previous one
      (isObserved(d, applied) ? conditions(d) : List.<DeploymentCondition>of()).forEach(c -> {
        if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
            && "ProgressDeadlineExceeded".equals(c.getReason())) {
          stuck.add("service " + service + ": ProgressDeadlineExceeded"
              + suffix(c.getMessage()));
        } else if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
          String why = Objects.requireNonNullElse(c.getReason(), "") + " "
              + Objects.requireNonNullElse(c.getMessage(), "");
          // the API server says when a refusal is only for now, e.g. a pod of a new namespace
          // asked for before its service account's token exists: the controller retries
          (isTransient(c.getMessage()) ? waiting : stuck)
              .add("service " + service + ": ReplicaFailure" + suffix(why));
        }
      });
      pods.stream()
          .filter(p -> service.equals(labels(p).get(NAME_LABEL)))
          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
          .filter(p -> isOfTemplate(p, d)) // pods of another template are being replaced
          .forEach(p -> containerStatuses(p).forEach(cs -> {
            var w = cs.getState() == null ? null : cs.getState().getWaiting();
            if (w != null && STUCK_REASONS.contains(w.getReason())) {
              stuck.add("service " + service + ": pod " + p.getMetadata().getName()
                  + " container " + cs.getName() + " " + w.getReason() + suffix(w.getMessage()));
            }
          }));
      if (!isAvailable(d)) {
        int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        int have = d.getStatus() == null ? 0
            : Objects.requireNonNullElse(d.getStatus().getAvailableReplicas(), 0);
        waiting.add("service " + service + ": " + have + "/" + want + " replicas available");
      } else if (!isRolledOut(d, applied)) {
        rolling.add("service " + service + ": rolling out its new version ("
            + Objects.requireNonNullElse(d.getStatus().getUpdatedReplicas(), 0) + " updated of "
            + Objects.requireNonNullElse(d.getStatus().getReplicas(), 0) + " replicas)");
      }
    }
    if (!stuck.isEmpty()) {
      return ClusterHealth.unknown(String.join("; ", stuck));
    }
    if (waiting.isEmpty() && (rolling.isEmpty() || wasRunning)) {
      // a service that rolls while available keeps running; a new watch waits for the rollout
      return ClusterHealth.running();
    }
    waiting.addAll(rolling);
    if (wasRunning) {
      return ClusterHealth.unknown("no longer available: " + String.join("; ", waiting));
    }
    if (deadlinePassed) {
      return ClusterHealth.unknown("not available within the startup deadline of " + deadline
          + ": " + String.join("; ", waiting));
    }
    return ClusterHealth.pending("waiting for " + String.join("; ", waiting));
  }

  /** Whether a refusal to create pods says that it is only for now ("retry after …"). */
  static boolean isTransient(String message) {
    return message != null && message.contains("retry after");
  }

  /** Available: condition Available=True and every wanted replica available. */
  public static boolean isAvailable(Deployment d) {
    if (d.getStatus() == null) {
      return false;
    }
    int want = d.getSpec() == null ? 1 : Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    int have = Objects.requireNonNullElse(d.getStatus().getAvailableReplicas(), 0);
    boolean condition = conditions(d).stream()
        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    return condition && have >= want;
  }

  /**
   * Rolled out, as {@code kubectl rollout status} decides: the Deployment is at least at
   * {@code appliedGeneration} (when known), its controller observed that generation, every wanted
   * replica is updated and no replica of an older template is left.
   */
  public static boolean isRolledOut(Deployment d, Long appliedGeneration) {
    Long generation = d.getMetadata().getGeneration();
    if (appliedGeneration != null && (generation == null || generation < appliedGeneration)) {
      return false;
    }
    if (d.getStatus() == null) {
      return false;
    }
    Long observed = d.getStatus().getObservedGeneration();
    if (generation != null && observed != null && observed < generation) {
      return false;
    }
    // the API server leaves out counts that are 0
    int updated = Objects.requireNonNullElse(d.getStatus().getUpdatedReplicas(), 0);
    int want = d.getSpec() == null ? 1 : Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    int total = Objects.requireNonNullElse(d.getStatus().getReplicas(), 0);
    return updated >= want && total <= updated;
  }

  /**
   * Whether the Deployment's status describes its current spec: it is at least at the applied
   * generation (when known) and its controller observed that generation.
   */
  static boolean isObserved(Deployment d, Long appliedGeneration) {
    Long generation = d.getMetadata().getGeneration();
    if (appliedGeneration != null && (generation == null || generation < appliedGeneration)) {
      return false;
    }
    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
    return generation == null || observed == null || observed >= generation;
  }

  /**
   * Whether the pod runs the Deployment's current pod template, as far as its containers' images
   * and environments tell (a pod without a spec counts as current).
   */
  static boolean isOfTemplate(Pod p, Deployment d) {
    if (p.getSpec() == null || p.getSpec().getContainers() == null || d.getSpec() == null
        || d.getSpec().getTemplate() == null || d.getSpec().getTemplate().getSpec() == null) {
      return true;
    }
    List<Container> template = d.getSpec().getTemplate().getSpec().getContainers();
    for (Container c : p.getSpec().getContainers()) {
      Container t = template.stream().filter(x -> Objects.equals(x.getName(), c.getName()))
          .findFirst().orElse(null);
      if (t == null || !Objects.equals(t.getImage(), c.getImage())
          || !Objects.equals(emptyIfNull(t.getEnv()), emptyIfNull(c.getEnv()))
          || !Objects.equals(emptyIfNull(t.getEnvFrom()), emptyIfNull(c.getEnvFrom()))) {
        return false;
      }
    }
    return true;
  }

  private static <T> List<T> emptyIfNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static List<DeploymentCondition> conditions(Deployment d) {
    return d.getStatus() == null || d.getStatus().getConditions() == null ? List.of()
        : d.getStatus().getConditions();
  }

  private static Map<String, String> labels(Pod p) {
    return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
  }

  private static Stream<ContainerStatus> containerStatuses(Pod p) {
    if (p.getStatus() == null) {
      return Stream.empty();
    }
    return Stream.concat(
        Objects.requireNonNullElse(p.getStatus().getInitContainerStatuses(),
            List.<ContainerStatus>of()).stream(),
        Objects.requireNonNullElse(p.getStatus().getContainerStatuses(),
            List.<ContainerStatus>of()).stream());
  }

  private static String suffix(String message) {
    return message == null || message.isBlank() ? "" : ": " + message.trim();
  }
}
