package io.processdeploy.api.event;

import java.time.Instant;

/**
 * Something that happened to an application, delivered to {@link DeploymentListener}s. Tell
 * the three kinds apart with {@code instanceof} patterns:
 *
 * <pre>{@code
 * service.subscribe(caller, event -> {
 *   if (event instanceof StatusChanged s) {
 *     System.out.println(s.to() + " " + s.reason());
 *   } else if (event instanceof Progress p) {
 *     System.out.println(p.step() + " " + p.done() + "/" + p.total());
 *   } else if (event instanceof LogLine l) {
 *     System.out.println(l.message());
 *   }
 * });
 * }</pre>
 */
public sealed interface DeploymentEvent permits StatusChanged, Progress, LogLine {
  /** The application the event is about. */
  String application();

  /** When it happened. */
  Instant time();
}
