package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.core.Catalog;
import io.processdeploy.k8s.internal.Ownership;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.SampleReleases;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own RBAC on the real cluster of {@code scripts/local-cluster.sh}, whose API
 * server enforces it: the whole cycle runs as a service account bound to exactly the shipped
 * ClusterRole ({@value RestrictedAccount#CLUSTER_ROLE_FILE}), and every verb the role grants is
 * shown to be needed, by taking it away alone and watching the operation that needs it fail
 * with an error naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibraryRbacLocalClusterIT {
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  private static final URI BASE_URL = URI.create("https://apps.example.com/");
  private static final Duration REMOVAL = Duration.ofSeconds(30);

  /** The operations of the library, as the necessity check runs them. */
  enum Operation {
    /** Applying an application's objects into a new namespace. */
    DEPLOY,
    /** Changing the permissions of a deployed application. */
    UPDATE_PERMISSIONS,
    /** Following the health of a deployed application. */
    HEALTH,
    /** Reading the log of a service. */
    LOGS,
    /** Removing an application's namespace. */
    UNDEPLOY,
    /** Removing an application's objects, then its namespace. */
    FORCE_UNDEPLOY,
    /** Force undeploy of a namespace the library's own finalizer holds. */
    FORCE_UNDEPLOY_HELD
  }

  /** Which operation needs each permission of the shipped ClusterRole: the role's rationale. */
  private static final Map<String, List<Operation>> NEEDED_BY = neededBy();

  private ClusterEnvironment environment;
  private KubernetesClient admin;
  private RestrictedAccount account;
  private String registry;
  private String serviceImage;
  @TempDir
  Path work;

  private static Map<String, List<Operation>> neededBy() {
    Map<String, List<Operation>> needs = new LinkedHashMap<>();
    needs.put("get namespaces", List.of(Operation.DEPLOY));
    needs.put("create namespaces", List.of(Operation.DEPLOY));
    needs.put("patch namespaces", List.of(Operation.DEPLOY));
    needs.put("delete namespaces", List.of(Operation.UNDEPLOY));
    needs.put("update namespaces", List.of(Operation.FORCE_UNDEPLOY_HELD));
    for (String resource : List.of("serviceaccounts", "configmaps", "secrets", "services",
        "persistentvolumeclaims", "deployments.apps", "ingresses.networking.k8s.io",
        "networkpolicies.networking.k8s.io", "roles.rbac.authorization.k8s.io",
        "rolebindings.rbac.authorization.k8s.io")) {
      needs.put("create " + resource, List.of(Operation.DEPLOY));
      needs.put("patch " + resource, List.of(Operation.DEPLOY));
    }
    needs.put("get configmaps named " + ResourceNames.SECURITY_CONFIG_MAP,
        List.of(Operation.DEPLOY));
    needs.put("get deployments.apps", List.of(Operation.UPDATE_PERMISSIONS));
    needs.put("list deployments.apps", List.of(Operation.HEALTH));
    needs.put("watch deployments.apps", List.of(Operation.HEALTH));
    needs.put("list pods", List.of(Operation.HEALTH, Operation.LOGS));
    needs.put("watch pods", List.of(Operation.HEALTH));
    needs.put("get pods/log", List.of(Operation.LOGS));
    for (String resource : List.of("serviceaccounts", "configmaps", "secrets", "services", "pods",
        "deployments.apps", "ingresses.networking.k8s.io", "networkpolicies.networking.k8s.io",
        "roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io")) {
      needs.put("deletecollection " + resource, List.of(Operation.FORCE_UNDEPLOY));
    }
    needs.put("list services", List.of(Operation.FORCE_UNDEPLOY));
    needs.put("delete services", List.of(Operation.FORCE_UNDEPLOY));
    return needs;
  }

  @BeforeAll
  void start() {
    environment = ClusterEnvironment.local();
    admin = environment.client();
    registry = System.getenv("PROCESSDEPLOY_REGISTRY");
    serviceImage = RunnableImages.push(registry, Kind.SERVICE);
    account = RestrictedAccount.create(admin, new File(System.getenv("PROCESSDEPLOY_KUBECONFIG")),
        ClusterPlans.uniqueName("processdeploy-rbac"));
  }

  @AfterAll
  void stop() {
    try {
      if (account != null) {
        account.close();
      }
    } finally {
      if (environment != null) {
        environment.close();
      }
    }
  }

  @Test
  void shouldRunTheWholeCycleAsAnAccountHoldingOnlyTheShippedClusterRole() {
    account.grant(account.shippedRules(), null);
    KubernetesClusterTarget target = TestTargets.create(account.client(), BASE_URL,
        Duration.ofMinutes(5));
    try (target; DeploymentService service = StandInServices.create(registry, target, work,
        serviceImage)) {
      String name = ClusterPlans.uniqueName("rbac-expenses");
      deployToRunning(service, name);
      assertTheApplicationMayReadOnlyItsSecurityConfigMap(name);

      service.updatePermissions(DEVOPS, name,
          new Security(Members.users("bob"), Members.groups("accounting")));
      assertThat(service.awaitStatus(DEVOPS, name, s -> s == ApplicationStatus.Running,
          environment.patience()).status()).isEqualTo(ApplicationStatus.Running);
      Links links = service.links(DEVOPS, name);
      assertThat(links.gateway()).isEqualTo(BASE_URL.resolve(name + "/"));
      assertThat(service.logs(DEVOPS, name, Catalog.RUNTIME_BUNDLE, 20))
          .contains(RunnableImages.STARTED_LINE);
      service.undeploy(DEVOPS, name);
      assertThat(admin.namespaces().withName(name).get()).isNull();

      String forced = ClusterPlans.uniqueName("rbac-forced");
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(forced, serviceImage).build());
      assertThat(service.awaitStatus(DEVOPS, forced, s -> !s.isTransitional()
          || s == ApplicationStatus.Pending, environment.patience()).status())
          .isIn(ApplicationStatus.Pending, ApplicationStatus.Running);
      holdWithTheLibrarysFinalizer(forced);
      service.forceUndeploy(DEVOPS, forced);
      assertThat(admin.namespaces().withName(forced).get()).isNull();
    }
  }

  @Test
  void shouldNeedEveryPermissionOfTheShippedClusterRole() throws Exception {
    List<PolicyRule> shipped = account.shippedRules();
    List<Permission> permissions = Permission.of(shipped);
    assertThat(permissions).extracting(Permission::toString)
        .as("the permissions of %s, each with the operation that needs it",
            RestrictedAccount.CLUSTER_ROLE_FILE)
        .containsExactlyInAnyOrderElementsOf(NEEDED_BY.keySet());
    account.grant(shipped, null);
    ApplicationPlan deployed = plan(ClusterPlans.uniqueName("rbac-ready"), false);
    try (KubernetesClusterTarget adminTarget = TestTargets.create(admin, BASE_URL,
        Duration.ofMinutes(5))) {
      adminTarget.apply(deployed, ProgressSink.NONE);
    }
    awaitAPod(deployed.namespace());

    SoftAssertions softly = new SoftAssertions();
    for (Permission missing : permissions) {
      List<PolicyRule> rules = permissions.stream().filter(p -> !p.equals(missing))
          .map(Permission::rule).toList();
      account.grant(rules, missing);
      for (Operation operation : NEEDED_BY.get(missing.toString())) {
        String failure = run(operation, deployed);
        softly.assertThat(failure).as("%s without %s", operation, missing).isNotNull()
            .contains(missing.refusal());
        System.out.println("without " + missing + ", " + operation + " fails: " + failure);
      }
    }
    softly.assertAll();
  }

  /** Runs {@code operation} as the account; the failure's message, or null when it succeeded. */
  private String run(Operation operation, ApplicationPlan deployed) throws Exception {
    try (KubernetesClusterTarget target = TestTargets.create(account.client(), BASE_URL,
        Duration.ofMinutes(5))) {
      switch (operation) {
        case DEPLOY -> {
          ApplicationPlan plan = plan(ClusterPlans.uniqueName("rbac-deploy"), true);
          try {
            target.apply(plan, ProgressSink.NONE);
          } finally {
            admin.namespaces().withName(plan.namespace()).delete();
          }
        }
        case UPDATE_PERMISSIONS -> target.updateSecurity(deployed.withSecurity(
            new Security(Members.users("carol"), Members.groups("auditors"))));
        case HEALTH -> {
          CompletableFuture<ClusterHealth> first = new CompletableFuture<>();
          Subscription subscription = target.watch(deployed, first::complete);
          try {
            ClusterHealth health = first.get(30, TimeUnit.SECONDS);
            return health.state() == ClusterHealth.State.UNKNOWN ? health.reason() : null;
          } catch (TimeoutException e) {
            return "no health within 30 s: the refusal was not reported";
          } finally {
            subscription.close();
          }
        }
        case LOGS -> target.logs(deployed.namespace(), ClusterPlans.RUNTIME_BUNDLE, 5);
        case UNDEPLOY -> target.remove(ownedNamespace(false), RemovalMode.NORMAL, REMOVAL);
        case FORCE_UNDEPLOY -> target.remove(ownedNamespace(false), RemovalMode.FORCE, REMOVAL);
        case FORCE_UNDEPLOY_HELD -> target.remove(ownedNamespace(true), RemovalMode.FORCE,
            REMOVAL);
        default -> throw new IllegalArgumentException(operation.name());
      }
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  /**
   * A small application with everything the library can create: a service reading security
   * behind the gateway and, when {@code withDatabase}, a database on a claim.
   */
  private ApplicationPlan plan(String name, boolean withDatabase) {
    List<ServicePlan> services = new ArrayList<>();
    services.add(new ServicePlan(ClusterPlans.RUNTIME_BUNDLE, ServiceKind.RUNTIME_BUNDLE,
        serviceImage, 8080, Map.of("APPLICATION_NAME", name), Map.of("TOKEN", "t0ken"), true,
        "rb"));
    if (withDatabase) {
      services.add(new ServicePlan("database", ServiceKind.DATABASE, serviceImage, 5432,
          Map.of(), Map.of(), false, null, new DataVolume("1Gi", null, "/data", "pgdata")));
    }
    ApplicationPlan small = ClusterPlans.plan(name, serviceImage, 8080);
    return new ApplicationPlan(name, name, small.descriptor(), small.projectName(), services);
  }

  /**
   * A namespace carrying the library's marks, made by the administrator, holding one of the
   * library's Services; held by the library's finalizer when {@code held}.
   */
  private String ownedNamespace(boolean held) {
    String name = ClusterPlans.uniqueName("rbac-remove");
    try (KubernetesClusterTarget adminTarget = TestTargets.create(admin, BASE_URL,
        Duration.ofMinutes(5))) {
      Namespace namespace = adminTarget.manifests(plan(name, false)).namespace();
      if (held) {
        namespace.getMetadata().setFinalizers(List.of(ResourceNames.FINALIZER));
      }
      admin.resource(namespace).create();
    }
    admin.services().inNamespace(name).resource(new ServiceBuilder().withNewMetadata()
        .withName("leftover").withLabels(Map.of(Ownership.MANAGED_BY_LABEL,
            ResourceNames.MANAGED_BY)).endMetadata()
        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    return name;
  }

  private void holdWithTheLibrarysFinalizer(String namespace) {
    admin.namespaces().withName(namespace).edit(n -> {
      List<String> finalizers = new ArrayList<>(n.getMetadata().getFinalizers());
      finalizers.add(ResourceNames.FINALIZER);
      n.getMetadata().setFinalizers(finalizers);
      return n;
    });
  }

  private void awaitAPod(String namespace) throws InterruptedException {
    long deadline = System.nanoTime() + environment.patience().toNanos();
    while (admin.pods().inNamespace(namespace).list().getItems().isEmpty()) {
      if (System.nanoTime() - deadline >= 0) {
        fail("namespace " + namespace + " has no pod after " + environment.patience());
      }
      Thread.sleep(200);
    }
  }

  private void deployToRunning(DeploymentService service, String name) {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name, serviceImage).build());
    Application running = service.awaitStatus(DEVOPS, name,
        s -> s == ApplicationStatus.Running || s.isFailure() || s == ApplicationStatus.Unknown,
        environment.patience());
    assertThat(running.status()).as("status, history %s", running.history())
        .isEqualTo(ApplicationStatus.Running);
  }

  /**
   * The Role the library made in the application's namespace lets the pods' account get the
   * security ConfigMap, and nothing else: no other ConfigMap, no list of ConfigMaps.
   */
  private void assertTheApplicationMayReadOnlyItsSecurityConfigMap(String namespace) {
    String pods = "system:serviceaccount:" + namespace + ":" + ResourceNames.SERVICE_ACCOUNT;
    assertThat(allows(pods, namespace, "get", ResourceNames.SECURITY_CONFIG_MAP)).isTrue();
    assertThat(allows(pods, namespace, "get", "other")).isFalse();
    assertThat(allows(pods, namespace, "list", null)).isFalse();
    assertThat(allows(pods, namespace, "watch", null)).isFalse();
  }

  private boolean allows(String user, String namespace, String verb, String name) {
    SubjectAccessReview review = admin.authorization().v1().subjectAccessReview().create(
        new SubjectAccessReviewBuilder().withNewSpec().withUser(user)
            .withGroups("system:serviceaccounts", "system:authenticated")
            .withNewResourceAttributes().withNamespace(namespace).withResource("configmaps")
            .withVerb(verb).withName(name).endResourceAttributes().endSpec().build());
    if (review.getStatus() == null) {
      fail("no answer to the access review of " + verb + " configmaps for " + user);
    }
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }
}
