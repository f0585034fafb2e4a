package io.processdeploy.api.event;

import java.time.Instant;

/**
 * A line meant for the person deploying (not a debug log). Never holds a secret.
 *
 * @param application the application
 * @param message the text
 * @param time when
 */
public record LogLine(String application, String message, Instant time)
    implements DeploymentEvent {}
