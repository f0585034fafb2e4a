package io.processdeploy.api;

/**
 * A toleration of a service's pods, as Kubernetes reads it: the pods may run on nodes with a
 * matching taint.
 *
 * <pre>{@code
 * new Toleration("dedicated", "Equal", "processes", "NoSchedule", null)
 * }</pre>
 *
 * @param key the taint key, or {@code null} to match every key (with operator {@code Exists})
 * @param operator {@code Equal} or {@code Exists}; {@code null} means {@code Equal}
 * @param value the taint value to match with {@code Equal}, or {@code null}
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}, or
 *     {@code null} for every effect
 * @param tolerationSeconds with {@code NoExecute}, how long the pod stays once tainted, or
 *     {@code null} for ever
 */
public record Toleration(String key, String operator, String value, String effect,
    Long tolerationSeconds) {
  /** The operators Kubernetes knows. */
  public static final java.util.Set<String> OPERATORS = java.util.Set.of("Equal", "Exists");
  /** The effects Kubernetes knows. */
  public static final java.util.Set<String> EFFECTS =
      java.util.Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
}
