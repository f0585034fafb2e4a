package io.processdeploy.tck.cluster;

import java.time.Duration;

/** A fault injected into one service (Deployment) of the embedded cluster. */
sealed interface ServiceFault {
  /** The container keeps exiting: its pod is in {@code CrashLoopBackOff}. */
  record CrashLoop() implements ServiceFault {}

  /** The pod runs but becomes ready only {@code delay} after it was created. */
  record SlowStart(Duration delay) implements ServiceFault {}

  /** The Deployment's rollout exceeded its progress deadline. */
  record ProgressDeadlineExceeded() implements ServiceFault {}

  /** The Deployment's replica set could not create pods, e.g. a quota was exceeded. */
  record ReplicaFailure(String message) implements ServiceFault {}
}
