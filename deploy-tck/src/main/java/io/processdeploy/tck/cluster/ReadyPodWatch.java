package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks at the pods of a namespace every few milliseconds and keeps, for each service, the
 * longest time during which it had no ready pod (Ready condition true, not terminating). Runs on
 * its own daemon thread until closed; for tests of rollouts that must never leave a service
 * without a ready pod.
 *
 * <pre>{@code
 * try (ReadyPodWatch watch = new ReadyPodWatch(client, "expenses", services, Duration.ofMillis(20))) {
 *   ... update ...
 *   watch.close();
 *   assertThat(watch.longestGap()).isZero();
 * }
 * }</pre>
 */
public final class ReadyPodWatch implements AutoCloseable {
  private static final String NAME_LABEL = "app.kubernetes.io/name";

  private final KubernetesClient client;
  private final String namespace;
  private final Set<String> services;
  private final Duration interval;
  private final Map<String, Long> gapStart = new ConcurrentHashMap<>();
  private final Map<String, Long> longestGapNanos = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long samples;
  private volatile RuntimeException failure;

  /** Starts watching {@code services} of {@code namespace}, looking every {@code interval}. */
  public ReadyPodWatch(KubernetesClient client, String namespace, Set<String> services,
      Duration interval) {
    this.client = client;
    this.namespace = namespace;
    this.services = Set.copyOf(services);
    this.interval = interval;
    this.thread = new Thread(this::loop, "ready-pod-watch-" + namespace);
    thread.setDaemon(true);
    thread.start();
  }

  /** The longest gap without a ready pod, by service (zero for one that never had a gap). */
  public Map<String, Duration> longestGaps() {
    Map<String, Duration> out = new TreeMap<>();
    long now = System.nanoTime();
    for (String s : services) {
      long longest = longestGapNanos.getOrDefault(s, 0L);
      Long open = gapStart.get(s);
      if (open != null) {
        longest = Math.max(longest, now - open);
      }
      out.put(s, Duration.ofNanos(longest));
    }
    return out;
  }

  /** The longest gap of any service. */
  public Duration longestGap() {
    return longestGaps().values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** How many times the pods were looked at. */
  public long samples() {
    return samples;
  }

  /** Stops looking; rethrows what failed while looking. Closing twice is harmless. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    if (Thread.currentThread() != thread) {
      thread.join(5000);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void loop() {
    try {
      while (running) {
        long now = System.nanoTime();
        Set<String> ready = ConcurrentHashMap.newKeySet();
        for (Pod p : client.pods().inNamespace(namespace).list().getItems()) {
          if (p.getMetadata().getDeletionTimestamp() == null && isReady(p)) {
            ready.add(p.getMetadata().getLabels().getOrDefault(NAME_LABEL, ""));
          }
        }
        for (String s : services) {
          if (ready.contains(s)) {
            Long started = gapStart.remove(s);
            if (started != null) {
              longestGapNanos.merge(s, now - started, Math::max);
            }
          } else {
            gapStart.putIfAbsent(s, now);
          }
        }
        samples++;
        Thread.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private static boolean isReady(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
