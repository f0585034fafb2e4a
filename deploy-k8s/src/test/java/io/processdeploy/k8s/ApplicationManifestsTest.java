package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.tck.cluster.ClusterPlans;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects rendered from a plan: strictly valid, labelled, least-privileged, secret-safe. */
class ApplicationManifestsTest {
  private static final URI BASE = URI.create("https://apps.example.com/");
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final ApplicationPlan plan =
      ClusterPlans.plan("invoices", "127.0.0.1:5000/invoices@sha256:" + "a".repeat(64), 8080,
          "docker.io/activiti/email-connector:8.7.0", true);
  private final ApplicationManifests manifests = ApplicationManifests.render(plan, BASE, "nginx");

  @Test
  void shouldRoundTripEveryObjectThroughYamlIntoItsTypedClassWithNoUnknownField() {
    for (HasMetadata object : manifests.all()) {
      String yaml = serialization.asYaml(object);
      HasMetadata back = serialization.unmarshal(yaml, object.getClass());
      assertThat(unknownFields(back)).as("unknown fields of %s", describe(object)).isEmpty();
      assertThat(serialization.asYaml(back)).as("%s after a round trip", describe(object))
          .isEqualTo(yaml);
    }
  }

  @Test
  void shouldDetectAnUnknownFieldInAManifest() {
    String yaml = serialization.asYaml(manifests.services().get(0).deployment())
        .replaceFirst("\n  selector:", "\n  replicaz: 2\n  selector:");
    Deployment back = serialization.unmarshal(yaml, Deployment.class);
    assertThat(unknownFields(back)).containsExactly("DeploymentSpec.replicaz");
  }

  @Test
  void shouldLeaveTheReplicaCountToTheCluster() {
    assertThat(manifests.services()).allSatisfy(s -> assertThat(s.deployment().getSpec()
        .getReplicas()).as("replicas of %s", s.deployment().getMetadata().getName()).isNull());
  }

  @Test
  void shouldRollWithoutEverStoppingTheLastReadyPodUnlessAServiceHoldsAVolume() {
    assertThat(manifests.services()).isNotEmpty().allSatisfy(s -> {
      var strategy = s.deployment().getSpec().getStrategy();
      boolean volume = s.deployment().getSpec().getTemplate().getSpec().getVolumes() != null
          && s.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
              .anyMatch(v -> v.getPersistentVolumeClaim() != null);
      if (volume) {
        assertThat(strategy.getType()).isEqualTo("Recreate");
        assertThat(strategy.getRollingUpdate()).isNull();
      } else {
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
      }
    });
  }

  @Test
  void shouldLabelEveryObjectAsOwnedByTheApplication() {
    assertThat(manifests.all()).allSatisfy(o -> assertThat(o.getMetadata().getLabels())
        .containsAllEntriesOf(ResourceNames.applicationLabels("invoices")));
    assertThat(manifests.namespace().getMetadata().getAnnotations())
        .containsEntry(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY);
    assertThat(manifests.all().subList(1, manifests.all().size()))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("invoices"));
  }

  @Test
  void shouldRenderOneDeploymentServiceConfigMapAndSecretPerService() {
    assertThat(manifests.services()).hasSize(plan.services().size());
    for (int i = 0; i < plan.services().size(); i++) {
      ServicePlan service = plan.services().get(i);
      var objects = manifests.services().get(i);
      Deployment d = objects.deployment();
      assertThat(d.getMetadata().getName()).isEqualTo(service.name());
      assertThat(d.getSpec().getSelector().getMatchLabels())
          .isEqualTo(ResourceNames.selector("invoices", service.name()));
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getName()).isEqualTo(service.name());
      assertThat(container.getImage()).isEqualTo(service.image());
      assertThat(container.getPorts().get(0).getName()).isEqualTo(ResourceNames.PORT_NAME);
      assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(service.port());
      assertThat(container.getEnvFrom()).extracting(e -> e.getConfigMapRef() != null
          ? e.getConfigMapRef().getName() : e.getSecretRef().getName())
          .containsExactly(ResourceNames.envConfigMap(service.name()),
              ResourceNames.envSecret(service.name()));
      assertThat(container.getReadinessProbe().getTcpSocket().getPort().getStrVal())
          .isEqualTo(ResourceNames.PORT_NAME);
      assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(objects.service().getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(objects.service().getSpec().getPorts().get(0).getName())
          .isEqualTo(ResourceNames.PORT_NAME);
      assertThat(objects.envConfigMap().getData()).isEqualTo(service.env());
      assertThat(objects.envSecret().getStringData()).isNullOrEmpty();
      service.secretEnv().forEach((k, v) -> assertThat(new String(Base64.getDecoder()
          .decode(objects.envSecret().getData().get(k)), StandardCharsets.UTF_8)).isEqualTo(v));
    }
  }

  @Test
  void shouldKeepSecretValuesOutOfConfigMaps() {
    List<ConfigMap> configMaps = manifests.all().stream().filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast).toList();
    assertThat(configMaps).isNotEmpty().allSatisfy(c -> assertThat(serialization.asJson(c))
        .doesNotContain(ClusterPlans.SECRET_VALUE));
  }

  @Test
  void shouldMountSecurityAndCarryItsChecksumOnlyWhereServicesReadIt() {
    String checksum = SecurityConfiguration.checksum(plan.descriptor().security());
    for (var objects : manifests.services()) {
      ServicePlan service = plan.service(objects.deployment().getMetadata().getName()).get();
      var template = objects.deployment().getSpec().getTemplate();
      PodSpec pod = template.getSpec();
      if (service.readsSecurity()) {
        assertThat(template.getMetadata().getAnnotations())
            .containsEntry(ResourceNames.SECURITY_CHECKSUM_ANNOTATION, checksum);
        assertThat(pod.getVolumes()).anyMatch(v -> v.getConfigMap() != null
            && ResourceNames.SECURITY_CONFIG_MAP.equals(v.getConfigMap().getName()));
      } else {
        assertThat(template.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(pod.getVolumes()).isEmpty();
      }
    }
    assertThat(manifests.securityConfigMap().getData())
        .isEqualTo(SecurityConfiguration.data(plan.descriptor().security()));
  }

  @Test
  void shouldGrantOnlyReadingTheSecurityConfigMapInTheNamespace() {
    assertThat(manifests.role().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactly("configmaps");
      assertThat(rule.getResourceNames()).containsExactly(ResourceNames.SECURITY_CONFIG_MAP);
      assertThat(rule.getVerbs()).containsExactly("get");
    });
    assertThat(manifests.roleBinding().getRoleRef().getKind()).isEqualTo("Role");
    assertThat(manifests.roleBinding().getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("invoices"));
    assertThat(manifests.all()).noneMatch(o -> o.getKind().startsWith("Cluster"));
  }

  @Test
  void shouldRouteExposedServicesUnderTheApplicationPathOfTheBaseUrl() {
    Ingress ingress = manifests.gateway().orElseThrow();
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getRules()).singleElement()
        .satisfies(r -> assertThat(r.getHost()).isEqualTo("apps.example.com"));
    List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
    assertThat(paths).extracting(HTTPIngressPath::getPath).containsExactly(
        "/invoices/process-workspace", "/invoices/query", "/invoices/rb");
    assertThat(paths).extracting(p -> p.getBackend().getService().getName())
        .containsExactly("process-workspace", "query", "runtime-bundle");

    ApplicationManifests under = ApplicationManifests.render(plan,
        URI.create("http://gw.example.com:8080/apps/"), null);
    assertThat(under.gateway().orElseThrow().getSpec().getRules().get(0).getHttp().getPaths())
        .extracting(HTTPIngressPath::getPath).contains("/apps/invoices/rb");
  }

  @Test
  void shouldRenderTheSameObjectsForTheSamePlan() {
    ApplicationManifests again = ApplicationManifests.render(plan, BASE, "nginx");
    assertThat(again.all().stream().map(serialization::asYaml).toList())
        .isEqualTo(manifests.all().stream().map(serialization::asYaml).toList());
  }

  private static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }

  /** Every unknown field anywhere in a fabric8 model object, as "Type.field". */
  static List<String> unknownFields(Object root) {
    List<String> out = new ArrayList<>();
    walk(root, out, new IdentityHashMap<>());
    return out;
  }

  private static void walk(Object o, List<String> out, IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      c.forEach(e -> walk(e, out, seen));
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.values().forEach(v -> walk(v, out, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
        continue;
      }
      try {
        Object value = m.invoke(o);
        if (m.getName().equals("getAdditionalProperties")) {
          if (value instanceof Map<?, ?> extra) {
            extra.keySet().forEach(k -> out.add(o.getClass().getSimpleName() + "." + k));
          }
        } else {
          walk(value, out, seen);
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot read " + m, e);
      }
    }
  }
}
