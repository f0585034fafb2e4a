package io.processdeploy.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose {@link Embedded @Embedded} fields are filled with the parts of an
 * embedded {@link DeploymentEnvironment}: a ready deployment service on an embedded cluster and
 * registry, with nothing installed.
 *
 * <pre>{@code
 * @DeploymentTest
 * class InvoicesTest {
 *   @Embedded static DeploymentService service;   // static: one environment for the class
 *   @Embedded static EventRecorder events;
 * }
 * }</pre>
 *
 * <p>Static fields share one environment, started before the first test and closed after the
 * last; instance fields get a fresh environment for each test. In a {@code @Nested} class, fields
 * share the environment of an enclosing class that has one. To configure the environment
 * (for example a real registry), register {@link ProcessDeployExtension} with
 * {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ProcessDeployExtension.class)
public @interface DeploymentTest {}
