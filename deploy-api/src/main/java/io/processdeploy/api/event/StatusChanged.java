package io.processdeploy.api.event;

import io.processdeploy.api.ApplicationStatus;
import java.time.Instant;

/**
 * An application moved to another status; the move is already stored.
 *
 * @param application the application
 * @param from the previous status, {@code null} when the application was just created
 * @param to the new status
 * @param reason why, e.g. "service email-connector: ImagePullBackOff"
 * @param time when
 */
public record StatusChanged(String application, ApplicationStatus from, ApplicationStatus to,
    String reason, Instant time) implements DeploymentEvent {}
