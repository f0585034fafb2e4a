package io.processdeploy.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A deployed or deploying application: its descriptor, namespace, status and history.
 *
 * @param name the application name (same as its descriptor's)
 * @param namespace the Kubernetes namespace holding it (one per application)
 * @param descriptor the descriptor it was deployed from
 * @param status the current status
 * @param history every status it went through, oldest first
 * @param images built image references by digest, keyed by service name
 * @param createdAt when the deploy was requested
 * @param createdBy who requested it
 * @param removal the undeploy or force undeploy stored for it, {@code null} when none: once
 *     stored it is completed, after a crash by the next service that starts on the store
 * @param pendingSecurity admins and users a permission change stored but has not yet written
 *     everywhere (descriptor, cluster, this record), {@code null} when none; a crash in between
 *     is completed by the next service that starts on the store
 * @param revisions what each deploy, update and rollback put into the cluster, oldest first
 *     (empty for an application stored before revisions were kept, until its first update)
 */
public record Application(String name, String namespace, DeploymentDescriptor descriptor,
    ApplicationStatus status, List<StatusTransition> history, Map<String, String> images,
    Instant createdAt, String createdBy, Removal removal, Security pendingSecurity,
    List<Revision> revisions) {
  /**
   * How many revisions an application keeps (like {@code helm upgrade --history-max}); revision
   * numbers keep counting up past pruned ones.
   */
  public static final int REVISION_HISTORY_LIMIT = 10;

  /** Validates and copies. */
  public Application {
    Names.requireApplicationName("name", name);
    Objects.requireNonNull(namespace, "namespace was not specified");
    Objects.requireNonNull(descriptor, "descriptor was not specified");
    Objects.requireNonNull(status, "status was not specified");
    history = List.copyOf(history == null ? List.of() : history);
    images = java.util.Collections.unmodifiableMap(new TreeMap<>(images == null ? Map.of() : images));
    Objects.requireNonNull(createdAt, "createdAt was not specified");
    Objects.requireNonNull(createdBy, "createdBy was not specified");
    revisions = List.copyOf(revisions == null ? List.of() : revisions);
  }

  /** An application without revisions. */
  public Application(String name, String namespace, DeploymentDescriptor descriptor,
      ApplicationStatus status, List<StatusTransition> history, Map<String, String> images,
      Instant createdAt, String createdBy, Removal removal, Security pendingSecurity) {
    this(name, namespace, descriptor, status, history, images, createdAt, createdBy, removal,
        pendingSecurity, List.of());
  }

  /** An application with no removal and no permission change pending. */
  public Application(String name, String namespace, DeploymentDescriptor descriptor,
      ApplicationStatus status, List<StatusTransition> history, Map<String, String> images,
      Instant createdAt, String createdBy) {
    this(name, namespace, descriptor, status, history, images, createdAt, createdBy, null, null,
        List.of());
  }

  /** A new application in {@link ApplicationStatus#CreateApp}. */
  public static Application create(DeploymentDescriptor descriptor, String namespace,
      Instant at, String by) {
    return new Application(descriptor.name(), namespace, descriptor, ApplicationStatus.CreateApp,
        List.of(new StatusTransition(null, ApplicationStatus.CreateApp, at, "requested by " + by)),
        Map.of(), at, by);
  }

  /**
   * A copy in status {@code next}, with the move recorded in the history.
   *
   * @throws IllegalTransitionException when the transition table forbids the move
   */
  public Application transition(ApplicationStatus next, String reason, Instant at) {
    if (!status.canTransitionTo(next)) {
      throw new IllegalTransitionException(name, status, next);
    }
    List<StatusTransition> h = new ArrayList<>(history);
    h.add(new StatusTransition(status, next, at, reason));
    return new Application(name, namespace, descriptor, next, h, images, createdAt, createdBy,
        removal, pendingSecurity, revisions);
  }

  /** A copy with the images of one service recorded. */
  public Application withImage(String service, String imageByDigest) {
    Map<String, String> m = new TreeMap<>(images);
    m.put(service, imageByDigest);
    return new Application(name, namespace, descriptor, status, history, m, createdAt, createdBy,
        removal, pendingSecurity, revisions);
  }

  /** A copy with another descriptor (e.g. after a permission change). */
  public Application withDescriptor(DeploymentDescriptor newDescriptor) {
    return new Application(name, namespace, newDescriptor, status, history, images, createdAt,
        createdBy, removal, pendingSecurity, revisions);
  }

  /** A copy with a removal stored ({@code null}: none). */
  public Application withRemoval(Removal value) {
    return new Application(name, namespace, descriptor, status, history, images, createdAt,
        createdBy, value, pendingSecurity, revisions);
  }

  /** A copy with a permission change pending ({@code null}: none). */
  public Application withPendingSecurity(Security value) {
    return new Application(name, namespace, descriptor, status, history, images, createdAt,
        createdBy, removal, value, revisions);
  }

  /**
   * A copy with {@code revision} recorded: it replaces the revision of the same number, or is
   * added after the others. At most {@value #REVISION_HISTORY_LIMIT} revisions are kept: the
   * oldest finished ones go first; the revision the application runs and one in flight are always
   * kept, so a rollback target is among the kept ones or refused as unknown.
   */
  public Application withRevision(Revision revision) {
    List<Revision> list = new ArrayList<>(revisions);
    list.removeIf(r -> r.number() == revision.number());
    list.add(revision);
    list.sort(java.util.Comparator.comparingInt(Revision::number));
    Revision running = new Application(name, namespace, descriptor, status, history, images,
        createdAt, createdBy, removal, pendingSecurity, list).currentRevision().orElse(null);
    for (int i = 0; i < list.size() && list.size() > REVISION_HISTORY_LIMIT; ) {
      Revision r = list.get(i);
      if (r == running || r.outcome().isInFlight()) {
        i++;
      } else {
        list.remove(i);
      }
    }
    return new Application(name, namespace, descriptor, status, history, images, createdAt,
        createdBy, removal, pendingSecurity, list);
  }

  /** A copy whose revisions are {@code value}. */
  public Application withRevisions(List<Revision> value) {
    return new Application(name, namespace, descriptor, status, history, images, createdAt,
        createdBy, removal, pendingSecurity, value);
  }

  /** The revision the application runs, if one is recorded ({@link Revision.Outcome#DEPLOYED}). */
  public java.util.Optional<Revision> currentRevision() {
    for (int i = revisions.size() - 1; i >= 0; i--) {
      if (revisions.get(i).outcome() == Revision.Outcome.DEPLOYED) {
        return java.util.Optional.of(revisions.get(i));
      }
    }
    return java.util.Optional.empty();
  }

  /** The revision an update or rollback is working on, if any (see {@link Revision.Outcome#isInFlight()}). */
  public java.util.Optional<Revision> revisionInFlight() {
    return revisions.stream().filter(r -> r.outcome().isInFlight()).reduce((a, b) -> b);
  }

  /** The revision of that number, if recorded. */
  public java.util.Optional<Revision> revision(int number) {
    return revisions.stream().filter(r -> r.number() == number).findFirst();
  }

  /** The number the next revision gets. */
  public int nextRevisionNumber() {
    return revisions.isEmpty() ? 1 : revisions.get(revisions.size() - 1).number() + 1;
  }

  /** Whether an undeploy or a force undeploy of this application is stored. */
  public boolean isBeingRemoved() {
    return removal != null;
  }

  /** The reason of the last status change. */
  public String reason() {
    return history.isEmpty() ? "" : history.get(history.size() - 1).reason();
  }

  /** When the status last changed. */
  public Instant updatedAt() {
    return history.isEmpty() ? createdAt : history.get(history.size() - 1).at();
  }
}
