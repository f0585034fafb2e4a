package io.processdeploy.core.internal;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the deployment service needs to know about a release.
 *
 * @param projectName the project's name (its manifest is {@code <projectName>.json})
 * @param usedConnectors connector name to the processes whose service tasks call it
 * @param definedConnectors connector names the release defines under {@code connectors/}
 * @param processWorkspace whether the release has the Process Workspace UI
 * @param contentApp whether the release has the Content App UI
 */
public record ReleaseAnalysis(String projectName, SortedMap<String, SortedSet<String>> usedConnectors,
    SortedSet<String> definedConnectors, boolean processWorkspace, boolean contentApp) {
  /** Copies. */
  public ReleaseAnalysis {
    TreeMap<String, SortedSet<String>> used = new TreeMap<>();
    usedConnectors.forEach((k, v) -> used.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
    usedConnectors = Collections.unmodifiableSortedMap(used);
    definedConnectors = Collections.unmodifiableSortedSet(new TreeSet<>(definedConnectors));
  }

  /** The processes calling a connector, empty when none does. */
  public SortedSet<String> processesUsing(String connector) {
    return usedConnectors.getOrDefault(connector, Collections.emptySortedSet());
  }
}
