package io.processdeploy.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that {@link ProcessDeployExtension} fills with one part of the embedded
 * {@link DeploymentEnvironment}, chosen by the field's declared type:
 *
 * <ul>
 *   <li>{@link DeploymentEnvironment} — the whole environment;
 *   <li>{@code DeploymentService} — the ready deployment service;
 *   <li>{@link EventRecorder} — every event of every application, recorded;
 *   <li>{@code Caller} — a caller holding the devops role;
 *   <li>{@code EmbeddedCluster} and {@code KubernetesClient} — the embedded cluster and a client
 *       of it;
 *   <li>{@code ImageRegistry} — the registry images are pushed to ({@code DirectoryRegistry} when
 *       embedded, {@code OciRegistry} when a real one was asked for);
 *   <li>{@code Catalog} — the catalog, whose images are in that registry;
 *   <li>{@code InMemoryReleaseSource} — the released projects, the sample ones included;
 *   <li>{@link SampleProjects} — descriptor requests for the sample projects.
 * </ul>
 *
 * <p>Static fields live for the class, instance fields for one test. A field that is final, of
 * another type, or an instance field next to static ones is refused with an error naming it.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Embedded {}
