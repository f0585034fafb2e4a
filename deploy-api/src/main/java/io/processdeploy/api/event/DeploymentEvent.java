package io.processdeploy.api.event;

import java.time.Instant;

/**
 * Something that happened to an application, delivered to {@link DeploymentListener}s. Switch on
 * the three kinds:
 *
 * <pre>{@code
 * service.subscribe(caller, event -> {
 *   switch (event) {
 *     case StatusChanged s -> System.out.println(s.to() + " " + s.reason());
 *     case Progress p -> System.out.println(p.step() + " " + p.done() + "/" + p.total());
 *     case LogLine l -> System.out.println(l.message());
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
