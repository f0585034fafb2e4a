package io.processdeploy.testkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Members;
import io.processdeploy.api.Security;
import io.processdeploy.api.ValidationException;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.testkit.DeploymentEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus ({@link HostileInputs}): every input is refused with the expected typed
 * exception naming the expected field, its message holds no secret, and the store, the registry
 * and the cluster are listed before and after and found unchanged. Every case meets a deployed
 * Running application {@value HostileInputs#RUNNING} and a stored descriptor
 * {@value HostileInputs#IDLE}.
 */
class HostileInputTest {
  private static final Path TABLE = Path.of(System.getProperty("basedir", "."))
      .resolveSibling("docs").resolve("reliability.md");
  private static final LyingReleaseSource RELEASES = new LyingReleaseSource();
  private static DeploymentEnvironment env;
  private static HostileCase.Context context;

  @BeforeAll
  static void deployTheApplicationsEveryCaseMeets() {
    env = DeploymentEnvironment.builder()
        .configureService(b -> b.withReleaseSource(RELEASES)).start();
    env.service().deployRelease(env.devops(), env.samples().expenses(HostileInputs.RUNNING));
    env.service().awaitStatus(env.devops(), HostileInputs.RUNNING,
        s -> s == ApplicationStatus.Running, Duration.ofMinutes(2));
    env.service().createDescriptor(env.devops(), env.samples().timesheets(HostileInputs.IDLE));
    context = new HostileCase.Context(env.service(), env.devops(), env.samples(), RELEASES,
        env.service().exportDescriptor(env.devops(), HostileInputs.IDLE));
  }

  @AfterAll
  static void close() {
    if (env != null) {
      env.close();
    }
  }

  static List<HostileCase> corpus() {
    return HostileInputs.all();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void refusesNamingTheFieldAndChangesNothing(HostileCase c) {
    WorldSnapshot before = snapshot();

    Throwable thrown = catchThrowable(() -> c.attempt().run(context));

    assertThat(thrown).as(c.toString()).isInstanceOf(c.expected());
    if (c.field() != null) {
      assertThat(((ValidationException) thrown).field()).as(thrown.getMessage())
          .isEqualTo(c.field());
    }
    assertThat(thrown.getMessage()).doesNotContain(HostileInputs.CANARY);
    assertThat(thrown.getMessage().length()).as("message length").isLessThan(2_000);
    WorldSnapshot after = snapshot();
    assertThat(after.descriptors()).as("stored descriptors").isEqualTo(before.descriptors());
    assertThat(after.applications()).as("stored applications")
        .isEqualTo(before.applications());
    assertThat(after.registryFiles()).as("registry files").isEqualTo(before.registryFiles());
    assertThat(after.clusterObjects()).as("cluster objects").isEqualTo(before.clusterObjects());
  }

  @Test
  void listsWhatTheCasesMustLeaveUnchangedAndSeesAChange() {
    WorldSnapshot before = snapshot();
    assertThat(before.descriptors()).hasSize(2);
    assertThat(before.applications()).hasSize(1);
    assertThat(before.registryFiles()).isNotEmpty();
    assertThat(before.clusterObjects()).containsKeys("Namespace null/" + HostileInputs.RUNNING,
        "ConfigMap " + HostileInputs.RUNNING + "/security",
        "Deployment " + HostileInputs.RUNNING + "/runtime-bundle");

    env.service().updatePermissions(env.devops(), HostileInputs.RUNNING, new Security(
        Members.users("alice", "bob"), Members.groups("accounting")));
    try {
      WorldSnapshot after = snapshot();
      assertThat(after.applications()).isNotEqualTo(before.applications());
      assertThat(after.clusterObjects()).isNotEqualTo(before.clusterObjects());
    } finally {
      env.service().updatePermissions(env.devops(), HostileInputs.RUNNING, new Security(
          Members.users("alice"), Members.groups("accounting")));
    }
  }

  @Test
  void coversEveryPublicOperationWithAtLeastOneHundredInputs() {
    List<HostileCase> all = corpus();
    assertThat(all).hasSizeGreaterThanOrEqualTo(100);
    assertThat(all.stream().map(HostileCase::operation).collect(Collectors.toSet()))
        .contains("createDescriptor", "importDescriptor", "deployRelease", "deploy",
            "updatePermissions", "export", "exportDescriptor", "getApplication", "links", "logs",
            "undeploy", "forceUndeploy", "deleteDescriptor", "plan", "listDescriptors",
            "subscribe", "awaitStatus");
  }

  @Test
  void matchesTheTableInTheReliabilityDocument() throws IOException {
    Map<String, Long> counts = corpus().stream()
        .collect(Collectors.groupingBy(HostileCase::category, TreeMap::new,
            Collectors.counting()));
    Map<String, Long> documented = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^\\| ([a-z][a-z ]+?) \\| (\\d+) \\|")
        .matcher(Files.readString(TABLE, StandardCharsets.UTF_8));
    while (m.find()) {
      documented.put(m.group(1), Long.parseLong(m.group(2)));
    }
    assertThat(documented).as("categories and counts in " + TABLE).isEqualTo(counts);
  }

  private static WorldSnapshot snapshot() {
    return WorldSnapshot.take(env.service(), env.devops(),
        ((DirectoryRegistry) env.registry()).directory(), env.client());
  }
}
