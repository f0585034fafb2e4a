package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does for Deployments what the deployment controller, the scheduler and the kubelet do on a real
 * cluster: one pod per replica (one when {@code spec.replicas} is absent, the API server's
 * default), pulled only when the image exists, ready unless a fault says otherwise, and a
 * Deployment status (replica counts and the Available, Progressing and ReplicaFailure conditions)
 * that follows its pods. A changed pod template rolls as a RollingUpdate with maxUnavailable 0
 * does: the previous pods stay until the new ones are ready (Recreate stops them first).
 */
final class WorkloadController implements AutoCloseable {
  /** Label on the pods this controller creates, naming their Deployment. */
  static final String OWNER_LABEL = "embedded.processdeploy.io/deployment";
  private static final Logger LOG = LoggerFactory.getLogger(WorkloadController.class);
  private static final Duration PULL_RETRY = Duration.ofMillis(500);

  private final KubernetesClient client;
  private final EmbeddedDispatcher dispatcher;
  private final ScheduledExecutorService loop;
  private final ConcurrentMap<String, ServiceFault> faults = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ServiceFault> imageFaults = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Instant> podStarts = new ConcurrentHashMap<>();
  private volatile ImageAvailability images;
  private SharedIndexInformer<Deployment> informer;

  WorkloadController(KubernetesClient client, EmbeddedDispatcher dispatcher,
      ScheduledExecutorService loop, ImageAvailability images) {
    this.client = client;
    this.dispatcher = dispatcher;
    this.loop = loop;
    this.images = images;
  }

  void start() {
    informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        enqueue(d.getMetadata().getNamespace(), d.getMetadata().getName());
      }

      @Override
      public void onUpdate(Deployment before, Deployment after) {
        if (!Objects.equals(before.getSpec(), after.getSpec())
            || !Objects.equals(before.getStatus(), after.getStatus())) {
          enqueue(after.getMetadata().getNamespace(), after.getMetadata().getName());
        }
      }

      @Override
      public void onDelete(Deployment d, boolean unknownFinalState) {
        enqueue(d.getMetadata().getNamespace(), d.getMetadata().getName());
      }
    }, 0);
  }

  void images(ImageAvailability newImages) {
    this.images = Objects.requireNonNull(newImages, "images");
    reconcileAll();
  }

  /** Every container running {@code image} behaves as {@code fault} says, as a real image would. */
  void imageFault(String image, ServiceFault fault) {
    imageFaults.put(image, fault);
  }

  private ServiceFault imageFault(Deployment deployment) {
    for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
      ServiceFault fault = imageFaults.get(c.getImage());
      if (fault != null) {
        return fault;
      }
    }
    return null;
  }

  void inject(String namespace, String deployment, ServiceFault fault) {
    if (fault == null) {
      faults.remove(key(namespace, deployment));
    } else {
      faults.put(key(namespace, deployment), fault);
    }
    // a changed fault restarts the pods, as fixing a crash loop or a probe would on a real cluster
    podStarts.keySet().removeIf(k -> k.startsWith(key(namespace, deployment) + "-"));
    enqueue(namespace, deployment);
  }

  void reconcileAll() {
    if (informer != null) {
      informer.getStore().list().forEach(
          d -> enqueue(d.getMetadata().getNamespace(), d.getMetadata().getName()));
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }

  private void enqueue(String namespace, String name) {
    enqueueLater(namespace, name, Duration.ZERO);
  }

  private void enqueueLater(String namespace, String name, Duration delay) {
    if (loop.isShutdown()) {
      return;
    }
    try {
      loop.schedule(() -> reconcileSafely(namespace, name), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the cluster is closing
    }
  }

  private void reconcileSafely(String namespace, String name) {
    try {
      reconcile(namespace, name);
    } catch (KubernetesClientException e) {
      if (!loop.isShutdown()) {
        LOG.debug("reconciling deployment {}/{} failed, retrying: {}", namespace, name,
            e.getMessage());
        enqueueLater(namespace, name, Duration.ofMillis(200));
      }
    }
  }

  private void reconcile(String namespace, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    List<Pod> pods = client.pods().inNamespace(namespace).withLabel(OWNER_LABEL, name).list()
        .getItems();
    if (deployment == null || deployment.getMetadata().getDeletionTimestamp() != null) {
      pods.forEach(this::deletePod);
      return;
    }
    String hash = templateHash(deployment);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    ServiceFault fault = faults.get(key(namespace, name));
    if (fault == null) {
      fault = imageFault(deployment);
    }
    String missing = missingImage(deployment);

    List<String> wanted = new ArrayList<>();
    if (!(fault instanceof ServiceFault.ReplicaFailure)) {
      for (int i = 0; i < replicas; i++) {
        wanted.add(name + "-" + hash + "-" + i);
      }
    }
    int ready = 0;
    for (String podName : wanted) {
      PodStatus status = podStatus(namespace, deployment, podName, fault, missing);
      if (isReady(status)) {
        ready++;
      }
      writePod(namespace, deployment, podName, hash, status, pods);
    }
    // A rolling update keeps the pods of the previous template until the new ones are ready,
    // as the deployment controller does with maxUnavailable 0; Recreate stops them first.
    boolean keepOld = !"Recreate".equals(strategy(deployment)) && ready < replicas
        && !wanted.isEmpty();
    int oldPods = 0;
    int oldReady = 0;
    for (Pod pod : pods) {
      if (wanted.contains(pod.getMetadata().getName())) {
        continue;
      }
      if (keepOld && pod.getMetadata().getDeletionTimestamp() == null) {
        oldPods++;
        oldReady += pod.getStatus() != null && isReady(pod.getStatus()) ? 1 : 0;
      } else {
        deletePod(pod);
      }
    }
    DeploymentStatus desired = deploymentStatus(deployment, hash, replicas, ready, fault,
        oldPods, oldReady);
    if (!sameStatus(deployment.getStatus(), desired)) {
      client.apps().deployments().inNamespace(namespace).withName(name)
          .editStatus(d -> {
            d.setStatus(withTimes(d.getStatus(), desired));
            return d;
          });
    }
    if (missing != null) {
      enqueueLater(namespace, name, PULL_RETRY);
    }
  }

  private PodStatus podStatus(String namespace, Deployment deployment, String podName,
      ServiceFault fault, String missing) {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    String podKey = key(namespace, podName);
    Instant started = podStarts.computeIfAbsent(podKey, k -> Instant.now());
    ContainerStatusBuilder cs = new ContainerStatusBuilder().withName(container.getName())
        .withImage(container.getImage()).withRestartCount(0).withReady(false)
        .withStarted(false);
    String phase = "Running";
    if (missing != null) {
      phase = "Pending";
      cs.withNewState().withNewWaiting().withReason("ImagePullBackOff")
          .withMessage("Back-off pulling image \"" + missing + "\"").endWaiting().endState();
    } else if (fault instanceof ServiceFault.CrashLoop) {
      cs.withRestartCount(3).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
          .withMessage("back-off 40s restarting failed container=" + container.getName()
              + " pod=" + podName)
          .endWaiting().endState()
          .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
          .endTerminated().endLastState();
      log(namespace, podName, "Error: " + container.getName() + " exited with code 1");
    } else if (fault instanceof ServiceFault.ProgressDeadlineExceeded) {
      phase = "Pending";
      cs.withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState();
    } else {
      Duration delay = fault instanceof ServiceFault.SlowStart slow ? slow.delay() : Duration.ZERO;
      Instant readyAt = started.plus(delay);
      boolean isReady = !Instant.now().isBefore(readyAt);
      cs.withStarted(true).withReady(isReady).withNewState().withNewRunning()
          .withStartedAt(started.toString()).endRunning().endState();
      if (isReady) {
        log(namespace, podName, "Started " + container.getName() + " from " + container.getImage());
      } else {
        log(namespace, podName, "Starting " + container.getName() + " from "
            + container.getImage());
        enqueueLater(namespace, deployment.getMetadata().getName(),
            Duration.between(Instant.now(), readyAt).plusMillis(20));
      }
    }
    ContainerStatus containerStatus = cs.build();
    boolean ready = Boolean.TRUE.equals(containerStatus.getReady());
    return new PodStatusBuilder().withPhase(phase)
        .withConditions(condition("PodScheduled", true, null),
            condition("ContainersReady", ready, ready ? null : "ContainersNotReady"),
            condition("Ready", ready, ready ? null : "ContainersNotReady"))
        .withContainerStatuses(containerStatus).build();
  }

  private void log(String namespace, String podName, String line) {
    dispatcher.appendLog(namespace, podName, Instant.now() + " " + line);
  }

  private static PodCondition condition(String type, boolean status, String reason) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withReason(reason).build();
  }

  private static boolean isReady(PodStatus status) {
    return status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void writePod(String namespace, Deployment deployment, String podName, String hash,
      PodStatus status, List<Pod> existing) {
    Pod current = existing.stream().filter(p -> p.getMetadata().getName().equals(podName))
        .findFirst().orElse(null);
    if (current == null) {
      Map<String, String> labels = new LinkedHashMap<>(
          Objects.requireNonNullElse(deployment.getSpec().getTemplate().getMetadata().getLabels(),
              Map.of()));
      labels.put(OWNER_LABEL, deployment.getMetadata().getName());
      labels.put("pod-template-hash", hash);
      Pod pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(namespace)
          .withLabels(labels)
          .withAnnotations(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
              .withKind("Deployment").withName(deployment.getMetadata().getName())
              .withUid(deployment.getMetadata().getUid()).withController(true).build())
          .endMetadata()
          .withSpec(deployment.getSpec().getTemplate().getSpec())
          .withStatus(status)
          .build();
      client.pods().inNamespace(namespace).resource(pod).create();
    } else if (!samePodStatus(current.getStatus(), status)) {
      client.pods().inNamespace(namespace).withName(podName).editStatus(p -> {
        p.setStatus(status);
        return p;
      });
    }
  }

  private void deletePod(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
    podStarts.remove(key(namespace, pod.getMetadata().getName()));
    dispatcher.forgetLogs(namespace, pod.getMetadata().getName());
  }

  private static String strategy(Deployment deployment) {
    return deployment.getSpec().getStrategy() == null ? "RollingUpdate"
        : Objects.requireNonNullElse(deployment.getSpec().getStrategy().getType(),
            "RollingUpdate");
  }

  private DeploymentStatus deploymentStatus(Deployment deployment, String hash, int replicas,
      int newReady, ServiceFault fault, int oldPods, int oldReady) {
    String rs = deployment.getMetadata().getName() + "-" + hash;
    int ready = newReady + oldReady;
    boolean available = ready >= replicas;
    boolean complete = newReady >= replicas;
    List<DeploymentCondition> conditions = new ArrayList<>();
    conditions.add(deploymentCondition("Available", available,
        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
        available ? "Deployment has minimum availability."
            : "Deployment does not have minimum availability."));
    if (fault instanceof ServiceFault.ProgressDeadlineExceeded) {
      conditions.add(deploymentCondition("Progressing", false, "ProgressDeadlineExceeded",
          "ReplicaSet \"" + rs + "\" has timed out progressing."));
    } else {
      conditions.add(deploymentCondition("Progressing", true,
          complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
          "ReplicaSet \"" + rs + "\" " + (complete ? "has successfully progressed."
              : "is progressing.")));
    }
    if (fault instanceof ServiceFault.ReplicaFailure failure) {
      conditions.add(deploymentCondition("ReplicaFailure", true, "FailedCreate",
          failure.message()));
    }
    int created = fault instanceof ServiceFault.ReplicaFailure ? 0 : replicas;
    DeploymentStatusBuilder status = new DeploymentStatusBuilder()
        .withObservedGeneration(deployment.getMetadata().getGeneration())
        .withReplicas(created + oldPods).withUpdatedReplicas(created)
        .withReadyReplicas(ready).withAvailableReplicas(ready)
        .withUnavailableReplicas(Math.max(0, replicas - ready))
        .withConditions(conditions);
    return status.build();
  }

  private static DeploymentCondition deploymentCondition(String type, boolean status,
      String reason, String message) {
    return new DeploymentConditionBuilder().withType(type).withStatus(status ? "True" : "False")
        .withReason(reason).withMessage(message).build();
  }

  /** Keeps the transition times of conditions whose status did not change; stamps new ones. */
  private static DeploymentStatus withTimes(DeploymentStatus previous, DeploymentStatus desired) {
    String now = Instant.now().toString();
    Map<String, DeploymentCondition> before = previous == null || previous.getConditions() == null
        ? Map.of()
        : previous.getConditions().stream()
            .collect(Collectors.toMap(DeploymentCondition::getType, c -> c, (a, b) -> b));
    for (DeploymentCondition c : desired.getConditions()) {
      DeploymentCondition old = before.get(c.getType());
      boolean unchanged = old != null && Objects.equals(old.getStatus(), c.getStatus());
      c.setLastTransitionTime(unchanged && old.getLastTransitionTime() != null
          ? old.getLastTransitionTime() : now);
      c.setLastUpdateTime(now);
    }
    return desired;
  }

  private static boolean sameStatus(DeploymentStatus current, DeploymentStatus desired) {
    if (current == null) {
      return false;
    }
    return Objects.equals(current.getObservedGeneration(), desired.getObservedGeneration())
        && Objects.equals(current.getReplicas(), desired.getReplicas())
        && Objects.equals(current.getUpdatedReplicas(), desired.getUpdatedReplicas())
        && Objects.equals(current.getReadyReplicas(), desired.getReadyReplicas())
        && Objects.equals(current.getAvailableReplicas(), desired.getAvailableReplicas())
        && Objects.equals(current.getUnavailableReplicas(), desired.getUnavailableReplicas())
        && Objects.equals(signature(current.getConditions()), signature(desired.getConditions()));
  }

  private static List<String> signature(List<DeploymentCondition> conditions) {
    return conditions == null ? List.of() : conditions.stream()
        .map(c -> c.getType() + "|" + c.getStatus() + "|" + c.getReason() + "|" + c.getMessage())
        .toList();
  }

  private static boolean samePodStatus(PodStatus current, PodStatus desired) {
    if (current == null) {
      return false;
    }
    return Objects.equals(current.getPhase(), desired.getPhase())
        && Objects.equals(current.getContainerStatuses(), desired.getContainerStatuses())
        && Objects.equals(current.getConditions(), desired.getConditions());
  }

  private String missingImage(Deployment deployment) {
    for (Container c : deployment.getSpec().getTemplate().getSpec().getContainers()) {
      if (!images.exists(c.getImage())) {
        return c.getImage();
      }
    }
    return null;
  }

  private static String templateHash(Deployment deployment) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(String.valueOf(deployment.getSpec().getTemplate())
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
