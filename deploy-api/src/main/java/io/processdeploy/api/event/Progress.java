package io.processdeploy.api.event;

import java.time.Instant;

/**
 * Progress of a long step, such as layers or bytes of an image push.
 *
 * @param application the application
 * @param step what is progressing, e.g. {@code ImagePush}
 * @param done units done so far
 * @param total units in all, or -1 when unknown
 * @param unit what is counted, e.g. {@code bytes} or {@code layers}
 * @param time when
 */
public record Progress(String application, String step, long done, long total, String unit,
    Instant time) implements DeploymentEvent {}
