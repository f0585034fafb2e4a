package io.processdeploy.k8s;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.Workload;
import io.processdeploy.api.spi.Gateway;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.ImagePullSecret;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every Kubernetes object of one application, rendered from its {@link ApplicationPlan}: what
 * {@link KubernetesClusterTarget} creates, in the order it creates them. Pure: no cluster needed.
 *
 * <p>Per application: the namespace (labelled {@link ResourceNames#applicationLabels}, annotated
 * {@link ResourceNames#OWNER_ANNOTATION}), a ServiceAccount, a Role allowed only to read the
 * security ConfigMap and a RoleBinding ({@link ResourceNames#SERVICE_ACCOUNT}), the security
 * ConfigMap ({@link SecurityConfiguration}), when the registry needs credentials the image pull
 * Secret every pod names ({@link ImagePullSecret}), and, when a service is exposed, the gateway
 * Ingress. Per service: a ConfigMap with its plain environment, a Secret with its secret
 * environment ({@code data}, base64), a Deployment and a ClusterIP Service, and for a service
 * with a {@link DataVolume} (the bundled database) its PersistentVolumeClaim; such a Deployment
 * replaces its pod rather than rolling (two pods must not share the data); unless the application
 * turns them off, a NetworkPolicy named after the service that lets in, on its port, anyone when
 * it is exposed, else its clients ({@link ServicePlan#clients()}) or every pod of the namespace.
 * Each pod runs as its service's {@link Workload} says: requests, limits, probes, placement and
 * service-account token. A Deployment names a replica count only when the settings give one:
 * otherwise the API server makes it one, and a count changed later (an autoscaler,
 * {@code kubectl scale}) is kept when the objects are applied again. The gateway Ingress takes
 * the application's class, host, TLS secret and annotations ({@link ApplicationPlan#ingress()})
 * over the gateway's.
 *
 * <pre>{@code
 * ApplicationManifests manifests =
 *     ApplicationManifests.render(plan, URI.create("https://apps.example.com/"), "nginx");
 * manifests.all().forEach(o -> System.out.println(o.getKind() + " " + o.getMetadata().getName()));
 * }</pre>
 *
 * @param namespace the application's namespace
 * @param serviceAccount the service account the pods run as
 * @param role what that account may do: read the security ConfigMap, nothing else
 * @param roleBinding binds the role to the account
 * @param securityConfigMap admins and users
 * @param imagePullSecret the registry credentials pods pull with, absent when none are needed
 * @param services the objects of each service, sorted by service name
 * @param gateway the gateway Ingress, absent when no service is exposed
 */
public record ApplicationManifests(Namespace namespace, ServiceAccount serviceAccount, Role role,
    RoleBinding roleBinding, ConfigMap securityConfigMap, Optional<Secret> imagePullSecret,
    List<ServiceManifests> services, Optional<Ingress> gateway) {
  /** CPU a container requests by default ({@link Workload#CPU_REQUEST}). */
  public static final String CPU_REQUEST = Workload.CPU_REQUEST;
  /** Memory a container requests by default ({@link Workload#MEMORY_REQUEST}). */
  public static final String MEMORY_REQUEST = Workload.MEMORY_REQUEST;
  /** User id the containers run as (never root). */
  public static final long RUN_AS_USER = 1000L;
  /** User id of the bundled database container, the {@code postgres} user of its image. */
  public static final long DATABASE_USER = 999L;
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * The objects of one service.
   *
   * @param envConfigMap its plain environment ({@link ResourceNames#envConfigMap})
   * @param envSecret its secret environment ({@link ResourceNames#envSecret})
   * @param deployment its Deployment, named after the service
   * @param service its Service, named after the service
   * @param dataClaim its data volume's claim ({@link ResourceNames#dataClaim}), absent when it
   *     keeps no data
   * @param networkPolicy what may connect to its pods, named after the service; absent when the
   *     application turned network policies off
   */
  public record ServiceManifests(ConfigMap envConfigMap, Secret envSecret, Deployment deployment,
      Service service, Optional<PersistentVolumeClaim> dataClaim,
      Optional<NetworkPolicy> networkPolicy) {}

  /** Copies. */
  public ApplicationManifests {
    services = List.copyOf(services);
  }

  /**
   * Renders the objects of {@code plan}.
   *
   * @param plan the application
   * @param baseUrl the gateway base URL: its host is the Ingress host, its path the prefix before
   *     the application name, e.g. {@code https://apps.example.com/} gives
   *     {@code https://apps.example.com/<application>/}
   * @param ingressClassName the Ingress class, or {@code null} for the cluster default
   */
  public static ApplicationManifests render(ApplicationPlan plan, URI baseUrl,
      String ingressClassName) {
    Objects.requireNonNull(baseUrl, "baseUrl was not specified");
    return render(plan, Gateway.of(baseUrl, ingressClassName));
  }

  /**
   * Renders the objects of {@code plan} behind {@code gateway}: the application's Ingress
   * settings ({@link ApplicationPlan#ingress()}) win over the gateway's host and class.
   */
  public static ApplicationManifests render(ApplicationPlan plan, Gateway gateway) {
    Objects.requireNonNull(plan, "plan was not specified");
    Objects.requireNonNull(gateway, "gateway was not specified");
    URI baseUrl = gateway.baseUrl();
    String ingressClassName = gateway.ingressClassName();
    String ns = plan.namespace();
    String app = plan.name();
    List<ServiceManifests> services = plan.services().stream()
        .map(s -> service(plan, s)).toList();
    return new ApplicationManifests(namespace(plan), serviceAccount(ns, app), role(ns, app),
        roleBinding(ns, app), securityConfigMap(plan), imagePullSecret(plan), services,
        ingress(plan, baseUrl, ingressClassName));
  }

  /**
   * Every object, in creation order: namespace, RBAC, security, pull secret, services (a claim
   * before its Deployment), gateway.
   */
  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(namespace);
    all.add(serviceAccount);
    all.add(role);
    all.add(roleBinding);
    all.add(securityConfigMap);
    imagePullSecret.ifPresent(all::add);
    for (ServiceManifests s : services) {
      all.add(s.envConfigMap());
      all.add(s.envSecret());
      s.dataClaim().ifPresent(all::add);
      all.add(s.deployment());
      all.add(s.service());
      s.networkPolicy().ifPresent(all::add);
    }
    gateway.ifPresent(all::add);
    return all;
  }

  /** The path of a service under the gateway (see {@link ResourceNames#gatewayPath}). */
  public static String ingressPath(URI baseUrl, String application, String servicePath) {
    return ResourceNames.gatewayPath(baseUrl.getPath(), application, servicePath);
  }

  private static Namespace namespace(ApplicationPlan plan) {
    return new NamespaceBuilder().withNewMetadata().withName(plan.namespace())
        .withLabels(ResourceNames.applicationLabels(plan.name()))
        .addToAnnotations(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY)
        .endMetadata().build();
  }

  private static ServiceAccount serviceAccount(String ns, String app) {
    return new ServiceAccountBuilder().withNewMetadata().withName(ResourceNames.SERVICE_ACCOUNT)
        .withNamespace(ns).withLabels(ResourceNames.applicationLabels(app)).endMetadata().build();
  }

  /**
   * Only {@code get} of the one ConfigMap: a rule naming {@code resourceNames} cannot allow an
   * unfiltered {@code list} or {@code watch}, and the services read the ConfigMap as mounted files,
   * rolled by the checksum annotation when it changes.
   */
  private static Role role(String ns, String app) {
    return new RoleBuilder().withNewMetadata().withName(ResourceNames.SERVICE_ACCOUNT)
        .withNamespace(ns).withLabels(ResourceNames.applicationLabels(app)).endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps")
        .withResourceNames(ResourceNames.SECURITY_CONFIG_MAP).withVerbs("get")
        .endRule().build();
  }

  private static RoleBinding roleBinding(String ns, String app) {
    return new RoleBindingBuilder().withNewMetadata().withName(ResourceNames.SERVICE_ACCOUNT)
        .withNamespace(ns).withLabels(ResourceNames.applicationLabels(app)).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
        .withName(ResourceNames.SERVICE_ACCOUNT).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(ResourceNames.SERVICE_ACCOUNT)
        .withNamespace(ns).endSubject().build();
  }

  private static ConfigMap securityConfigMap(ApplicationPlan plan) {
    return new ConfigMapBuilder().withNewMetadata().withName(ResourceNames.SECURITY_CONFIG_MAP)
        .withNamespace(plan.namespace()).withLabels(ResourceNames.applicationLabels(plan.name()))
        .endMetadata().withData(SecurityConfiguration.data(plan.descriptor().security())).build();
  }

  private static Optional<Secret> imagePullSecret(ApplicationPlan plan) {
    return plan.imagePullSecret().map(pull -> new SecretBuilder().withNewMetadata()
        .withName(pull.name()).withNamespace(plan.namespace())
        .withLabels(ResourceNames.applicationLabels(plan.name())).endMetadata()
        .withType(ImagePullSecret.TYPE)
        .addToData(ImagePullSecret.KEY, Base64.getEncoder().encodeToString(
            pull.dockerConfigJson().getBytes(StandardCharsets.UTF_8)))
        .build());
  }

  private static Optional<PersistentVolumeClaim> dataClaim(ApplicationPlan plan,
      ServicePlan service, Map<String, String> labels) {
    DataVolume volume = service.dataVolume();
    if (volume == null) {
      return Optional.empty();
    }
    return Optional.of(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName(ResourceNames.dataClaim(service.name())).withNamespace(plan.namespace())
        .withLabels(labels).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce")
        .withStorageClassName(volume.storageClassName())
        .withNewResources().addToRequests("storage", new Quantity(volume.size())).endResources()
        .endSpec().build());
  }

  private static ServiceManifests service(ApplicationPlan plan, ServicePlan service) {
    String ns = plan.namespace();
    Map<String, String> labels = ResourceNames.serviceLabels(plan.name(), service);
    ConfigMap env = new ConfigMapBuilder().withNewMetadata()
        .withName(ResourceNames.envConfigMap(service.name())).withNamespace(ns)
        .withLabels(labels).endMetadata().withData(new LinkedHashMap<>(service.env())).build();
    Map<String, String> secretData = new LinkedHashMap<>();
    service.secretEnv().forEach((k, v) -> secretData.put(k,
        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret secret = new SecretBuilder().withNewMetadata()
        .withName(ResourceNames.envSecret(service.name())).withNamespace(ns)
        .withLabels(labels).endMetadata().withType("Opaque").withData(secretData).build();
    Service svc = new ServiceBuilder().withNewMetadata().withName(service.name())
        .withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().withType("ClusterIP")
        .withSelector(ResourceNames.selector(plan.name(), service.name()))
        .addNewPort().withName(ResourceNames.PORT_NAME).withProtocol("TCP")
        .withPort(service.port()).withTargetPort(new IntOrString(ResourceNames.PORT_NAME))
        .endPort().endSpec().build();
    return new ServiceManifests(env, secret, deployment(plan, service, labels), svc,
        dataClaim(plan, service, labels), networkPolicy(plan, service, labels));
  }

  private static Deployment deployment(ApplicationPlan plan, ServicePlan service,
      Map<String, String> labels) {
    boolean database = service.kind() == ServiceKind.DATABASE;
    long user = database ? DATABASE_USER : RUN_AS_USER;
    Workload workload = service.workload();
    ContainerBuilder container = new ContainerBuilder().withName(service.name())
        .withImage(service.image()).withImagePullPolicy("IfNotPresent")
        .addNewPort().withName(ResourceNames.PORT_NAME).withContainerPort(service.port())
        .withProtocol("TCP").endPort()
        .addNewEnvFrom().withNewConfigMapRef()
        .withName(ResourceNames.envConfigMap(service.name())).endConfigMapRef().endEnvFrom()
        .addNewEnvFrom().withNewSecretRef()
        .withName(ResourceNames.envSecret(service.name())).endSecretRef().endEnvFrom()
        .withReadinessProbe(probe(workload.readinessProbe()))
        .withLivenessProbe(probe(workload.livenessProbe()))
        .withStartupProbe(probe(workload.startupProbe()))
        .withResources(resources(workload))
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withRunAsNonRoot(true)
        .withRunAsUser(user).withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext();
    PodSpecBuilder pod = new PodSpecBuilder()
        .withServiceAccountName(ResourceNames.SERVICE_ACCOUNT)
        .withAutomountServiceAccountToken(workload.automountServiceAccountToken())
        .withNodeSelector(workload.nodeSelector().isEmpty() ? null
            : new LinkedHashMap<>(workload.nodeSelector()))
        .withTolerations(workload.tolerations().isEmpty() ? null
            : workload.tolerations().stream().map(ApplicationManifests::toleration).toList())
        .withAffinity(workload.affinity() == null ? null
            : JSON.unmarshal(workload.affinity(), Affinity.class))
        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(user).withRunAsGroup(user)
        .withFsGroup(user).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext();
    if (service.readsSecurity()) {
      container.addNewVolumeMount().withName("security").withMountPath(
          SecurityConfiguration.MOUNT_PATH).withReadOnly(true).endVolumeMount();
      pod.addNewVolume().withName("security").withNewConfigMap()
          .withName(ResourceNames.SECURITY_CONFIG_MAP).endConfigMap().endVolume();
    }
    DataVolume volume = service.dataVolume();
    if (volume != null) {
      container.addNewVolumeMount().withName("data").withMountPath(volume.mountPath())
          .endVolumeMount();
      pod.addNewVolume().withName("data").withNewPersistentVolumeClaim()
          .withClaimName(ResourceNames.dataClaim(service.name())).endPersistentVolumeClaim()
          .endVolume();
    }
    plan.imagePullSecret().ifPresent(pull -> pod.addNewImagePullSecret(pull.name()));
    pod.withContainers(container.build());
    Map<String, String> templateAnnotations = new LinkedHashMap<>();
    if (service.readsSecurity()) {
      templateAnnotations.put(ResourceNames.SECURITY_CHECKSUM_ANNOTATION,
          SecurityConfiguration.checksum(plan.descriptor().security()));
    }
    return new DeploymentBuilder().withNewMetadata().withName(service.name())
        .withNamespace(plan.namespace()).withLabels(labels).endMetadata()
        .withNewSpec()
        .withReplicas(workload.replicas())
        .withStrategy(strategy(volume != null))
        .withNewSelector().withMatchLabels(ResourceNames.selector(plan.name(), service.name()))
        .endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels)
        .withAnnotations(templateAnnotations.isEmpty() ? null : templateAnnotations).endMetadata()
        .withSpec(pod.build()).endTemplate()
        .endSpec().build();
  }

  private static Probe probe(io.processdeploy.api.Probe p) {
    ProbeBuilder b = new ProbeBuilder();
    if (p.path() != null) {
      b.withNewHttpGet().withPath(p.path()).withPort(new IntOrString(ResourceNames.PORT_NAME))
          .withScheme("HTTP").endHttpGet();
    } else {
      b.withNewTcpSocket().withPort(new IntOrString(ResourceNames.PORT_NAME)).endTcpSocket();
    }
    // No delay is left out, as the API server stores it: a 0 it drops would make every server-side
    // apply of the same object a write (a new resourceVersion, a watch event).
    Integer delay = p.initialDelaySeconds();
    return b.withInitialDelaySeconds(delay == null || delay == 0 ? null : delay)
        .withPeriodSeconds(p.periodSeconds())
        .withTimeoutSeconds(p.timeoutSeconds()).withFailureThreshold(p.failureThreshold())
        .build();
  }

  private static ResourceRequirements resources(Workload workload) {
    Map<String, Quantity> requests = quantities(workload.requests());
    Map<String, Quantity> limits = quantities(workload.limits());
    return new ResourceRequirementsBuilder().withRequests(requests.isEmpty() ? null : requests)
        .withLimits(limits.isEmpty() ? null : limits).build();
  }

  private static Map<String, Quantity> quantities(ComputeResources amounts) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    if (amounts.cpu() != null) {
      out.put("cpu", new Quantity(amounts.cpu()));
    }
    if (amounts.memory() != null) {
      out.put("memory", new Quantity(amounts.memory()));
    }
    return out;
  }

  private static io.fabric8.kubernetes.api.model.Toleration toleration(Toleration t) {
    return new TolerationBuilder().withKey(t.key()).withOperator(t.operator())
        .withValue(t.value()).withEffect(t.effect()).withTolerationSeconds(t.tolerationSeconds())
        .build();
  }

  /**
   * What may connect to a service's pods, on its port: anyone when it is exposed through the
   * gateway (the ingress controller may run anywhere, and the gateway is open anyway), otherwise
   * the pods of its clients ({@link ServicePlan#clients()}), every pod of the namespace when it
   * names none.
   */
  private static Optional<NetworkPolicy> networkPolicy(ApplicationPlan plan, ServicePlan service,
      Map<String, String> labels) {
    if (!plan.networkPolicy()) {
      return Optional.empty();
    }
    NetworkPolicyPeer from;
    if (service.clients() == null) {
      from = new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build();
    } else {
      from = new NetworkPolicyPeerBuilder().withNewPodSelector().addNewMatchExpression()
          .withKey("app.kubernetes.io/name").withOperator("In")
          .withValues(List.copyOf(service.clients())).endMatchExpression().endPodSelector()
          .build();
    }
    NetworkPolicyIngressRuleBuilder rule = new NetworkPolicyIngressRuleBuilder()
        .addNewPort().withProtocol("TCP").withPort(new IntOrString(ResourceNames.PORT_NAME))
        .endPort();
    if (service.ingressPath() == null) {
      rule.withFrom(from);
    }
    boolean none = service.ingressPath() == null && service.clients() != null
        && service.clients().isEmpty();
    return Optional.of(new NetworkPolicyBuilder().withNewMetadata().withName(service.name())
        .withNamespace(plan.namespace()).withLabels(labels).endMetadata()
        .withNewSpec().withNewPodSelector()
        .withMatchLabels(ResourceNames.selector(plan.name(), service.name())).endPodSelector()
        .withPolicyTypes("Ingress").withIngress(none ? null : List.of(rule.build()))
        .endSpec().build());
  }

  /**
   * Recreate for a service holding a volume (two pods must not share its data); otherwise a
   * rolling update that starts the new pod before it stops an old one, so that the service keeps
   * a ready pod while it rolls.
   */
  private static DeploymentStrategy strategy(boolean holdsVolume) {
    if (holdsVolume) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
        .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate().build();
  }

  private static Optional<Ingress> ingress(ApplicationPlan plan, URI baseUrl,
      String ingressClassName) {
    List<HTTPIngressPath> paths = new ArrayList<>();
    for (ServicePlan service : plan.services()) {
      if (service.ingressPath() != null) {
        paths.add(new HTTPIngressPathBuilder()
            .withPath(ingressPath(baseUrl, plan.name(), service.ingressPath()))
            .withPathType("Prefix").withNewBackend().withNewService().withName(service.name())
            .withNewPort().withNumber(service.port()).endPort().endService().endBackend().build());
      }
    }
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    IngressSettings settings = plan.ingress();
    String gatewayHost = baseUrl.getHost();
    String host = settings.host() != null ? settings.host()
        : gatewayHost == null || gatewayHost.isEmpty() ? null : gatewayHost;
    IngressBuilder ingress = new IngressBuilder().withNewMetadata()
        .withName(ResourceNames.GATEWAY_INGRESS).withNamespace(plan.namespace())
        .withLabels(ResourceNames.applicationLabels(plan.name()))
        .withAnnotations(settings.annotations().isEmpty() ? null
            : new LinkedHashMap<>(settings.annotations()))
        .endMetadata()
        .withNewSpec().withIngressClassName(settings.className() != null ? settings.className()
            : ingressClassName)
        .addNewRule().withHost(host)
        .withNewHttp().withPaths(paths).endHttp().endRule()
        .endSpec();
    if (settings.tlsSecretName() != null) {
      ingress.editSpec().addNewTl().withHosts(host == null ? null : List.of(host))
          .withSecretName(settings.tlsSecretName()).endTl().endSpec();
    }
    return Optional.of(ingress.build());
  }
}
