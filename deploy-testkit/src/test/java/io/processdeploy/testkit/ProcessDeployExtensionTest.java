package io.processdeploy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension's lifecycle and field rules, checked by running small sample test classes on the
 * JUnit Platform.
 */
class ProcessDeployExtensionTest {
  /** What the samples saw, in the order they saw it. */
  static final List<DeploymentEnvironment> SEEN = new CopyOnWriteArrayList<>();

  @BeforeEach
  void forget() {
    SEEN.clear();
  }

  @Test
  void shouldShareOneEnvironmentAcrossTheClassForStaticFields() {
    SampleRun run = SampleRun.of(StaticFieldsSample.class);

    assertThat(run.tests()).hasSize(2).allMatch(SampleRun.Result::succeeded, "succeeded");
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
    assertThat(SEEN.get(0).isClosed()).as("closed after the class").isTrue();
  }

  @Test
  void shouldStartOneEnvironmentPerTestForInstanceFields() {
    SampleRun run = SampleRun.of(InstanceFieldsSample.class);

    assertThat(run.tests()).hasSize(2).allMatch(SampleRun.Result::succeeded, "succeeded");
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    assertThat(SEEN).allMatch(DeploymentEnvironment::isClosed, "closed after its test");
  }

  @Test
  void shouldFillEveryFieldWithThePartOfItsType() {
    SampleRun run = SampleRun.of(EveryPartSample.class);

    assertThat(run.tests()).singleElement().matches(SampleRun.Result::succeeded, run.toString());
  }

  @Test
  void shouldUseOnlyTheConfiguredEnvironmentWhenRegisteredWithABuilder() {
    SampleRun run = SampleRun.of(ConfiguredSample.class);

    assertThat(run.tests()).hasSize(2).allMatch(SampleRun.Result::succeeded, run.toString());
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
  }

  @Test
  void shouldShareTheEnclosingClassEnvironmentWithNestedTests() {
    SampleRun run = SampleRun.of(NestedSample.class);

    assertThat(run.tests()).hasSize(2).allMatch(SampleRun.Result::succeeded, run.toString());
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
  }

  @Test
  void rejectsAFinalFieldNamingIt() {
    assertConfigurationError(FinalFieldSample.class, "FinalFieldSample.service", "final");
  }

  @Test
  void rejectsAFieldOfAnotherTypeNamingIt() {
    assertConfigurationError(WrongTypeSample.class, "WrongTypeSample.name", "java.lang.String",
        "DeploymentService");
  }

  @Test
  void rejectsStaticAndInstanceFieldsTogetherNamingTheInstanceField() {
    assertConfigurationError(MixedFieldsSample.class, "MixedFieldsSample.events",
        "MixedFieldsSample.service", "all static or all instance");
  }

  @Test
  void rejectsAStaticFieldWhenTheExtensionLivesForOneTest() {
    assertConfigurationError(StaticFieldInstanceExtensionSample.class,
        "StaticFieldInstanceExtensionSample.service", "instance field");
  }

  private static void assertConfigurationError(Class<?> sample, String... fragments) {
    SampleRun run = SampleRun.of(sample);
    assertThat(run.firstFailure()).as(run.toString()).get()
        .isInstanceOf(ExtensionConfigurationException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    assertThat(SEEN).as("no environment started").isEmpty();
  }

  @DeploymentTest
  static class StaticFieldsSample {
    @Embedded static DeploymentEnvironment environment;
    @Embedded private static DeploymentService service;

    @Test
    void first() {
      assertThat(service).isSameAs(environment.service());
      SEEN.add(environment);
    }

    @Test
    void second() {
      assertThat(service).isSameAs(environment.service());
      SEEN.add(environment);
    }
  }

  @DeploymentTest
  static class InstanceFieldsSample {
    @Embedded DeploymentEnvironment environment;
    @Embedded private EventRecorder events;

    @Test
    void first() {
      assertThat(events).isSameAs(environment.events());
      SEEN.add(environment);
    }

    @Test
    void second() {
      assertThat(events).isSameAs(environment.events());
      SEEN.add(environment);
    }
  }

  @DeploymentTest
  static class EveryPartSample {
    @Embedded DeploymentEnvironment environment;
    @Embedded DeploymentService service;
    @Embedded EventRecorder events;
    @Embedded Caller devops;
    @Embedded EmbeddedCluster cluster;
    @Embedded KubernetesClient client;
    @Embedded ImageRegistry registry;
    @Embedded DirectoryRegistry directoryRegistry;
    @Embedded Catalog catalog;
    @Embedded InMemoryReleaseSource releases;
    @Embedded SampleProjects samples;

    @Test
    void everyPartIsTheEnvironments() {
      assertThat(service).isSameAs(environment.service());
      assertThat(events).isSameAs(environment.events());
      assertThat(devops).isEqualTo(environment.devops());
      assertThat(devops.hasRole(DeploymentEnvironment.DEVOPS_ROLE)).isTrue();
      assertThat(cluster).isSameAs(environment.cluster());
      assertThat(client).isSameAs(environment.client());
      assertThat(registry).isSameAs(environment.registry()).isSameAs(directoryRegistry);
      assertThat(catalog).isSameAs(environment.catalog());
      assertThat(releases).isSameAs(environment.releases());
      assertThat(samples).isSameAs(environment.samples());
    }
  }

  @DeploymentTest
  static class ConfiguredSample {
    @RegisterExtension
    static ProcessDeployExtension deployments = ProcessDeployExtension.builder()
        .withWorkers(1)
        .withDevopsRole("PLATFORM_OPS")
        .build();

    @Embedded static DeploymentService service;
    @Embedded DeploymentEnvironment environment;
    @Embedded Caller devops;

    @Test
    void first() {
      assertThat(environment).isSameAs(deployments.environment());
      assertThat(service).isSameAs(environment.service());
      assertThat(devops.roles()).containsExactly("PLATFORM_OPS");
      assertThat(service.listApplications(devops)).isEmpty();
      assertThatThrownBy(() -> service.listDescriptors(Caller.of("eve", "APS_DEVOPS"),
          DescriptorQuery.ALL)).isInstanceOf(AccessDeniedException.class);
      SEEN.add(environment);
    }

    @Test
    void second() {
      assertThat(environment).isSameAs(deployments.environment());
      SEEN.add(environment);
    }
  }

  @DeploymentTest
  static class NestedSample {
    @Embedded static DeploymentEnvironment environment;

    @Test
    void outer() {
      SEEN.add(environment);
    }

    @Nested
    class Inner {
      @Embedded DeploymentService service;

      @Test
      void inner() {
        assertThat(service).isSameAs(environment.service());
        SEEN.add(environment);
      }
    }
  }

  @DeploymentTest
  static class FinalFieldSample {
    @Embedded final DeploymentService service = null;

    @Test
    void test() {
      SEEN.add(null);
    }
  }

  @DeploymentTest
  static class WrongTypeSample {
    @Embedded static String name;

    @Test
    void test() {
      SEEN.add(null);
    }
  }

  @DeploymentTest
  static class MixedFieldsSample {
    @Embedded static DeploymentService service;
    @Embedded EventRecorder events;

    @Test
    void test() {
      SEEN.add(null);
    }
  }

  static class StaticFieldInstanceExtensionSample {
    @RegisterExtension
    ProcessDeployExtension deployments = ProcessDeployExtension.builder().build();

    @Embedded static DeploymentService service;

    @Test
    void test() {
      SEEN.add(null);
    }
  }
}
