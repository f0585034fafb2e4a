package io.processdeploy.k8s;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A service account bound to a copy of the library's ClusterRole
 * ({@value #CLUSTER_ROLE_FILE}), and a client that authenticates with its token: what the library
 * does through {@link #client()} is what the real API server's RBAC lets that role do. The copy's
 * rules can be narrowed ({@link #grant}); {@link #close()} removes the copy, the binding and the
 * account's namespace.
 */
final class RestrictedAccount implements AutoCloseable {
  /** The ClusterRole the library ships, on the class path. */
  static final String CLUSTER_ROLE_FILE = "/rbac/processdeploy-clusterrole.yaml";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final KubernetesClient admin;
  private final String name;
  private final ClusterRole shipped;
  private KubernetesClient client;

  private RestrictedAccount(KubernetesClient admin, String name, ClusterRole shipped) {
    this.admin = admin;
    this.name = name;
    this.shipped = shipped;
  }

  /**
   * Creates namespace, service account, ClusterRole and ClusterRoleBinding, all called
   * {@code name}, the role with the shipped rules, and a client of {@code kubeconfig}'s server
   * authenticating as the account.
   */
  static RestrictedAccount create(KubernetesClient admin, File kubeconfig, String name) {
    RestrictedAccount account = new RestrictedAccount(admin, name, shippedClusterRole(admin));
    try {
      account.setUp(kubeconfig);
      return account;
    } catch (RuntimeException e) {
      account.close();
      throw e;
    }
  }

  /** The ClusterRole of {@value #CLUSTER_ROLE_FILE}. */
  static ClusterRole shippedClusterRole(KubernetesClient client) {
    try (InputStream in = RestrictedAccount.class.getResourceAsStream(CLUSTER_ROLE_FILE)) {
      Objects.requireNonNull(in, CLUSTER_ROLE_FILE + " is not on the class path");
      return client.rbac().clusterRoles().load(in).item();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The rules of the shipped ClusterRole. */
  List<PolicyRule> shippedRules() {
    return shipped.getRules();
  }

  /** The client authenticating as the account. */
  KubernetesClient client() {
    return client;
  }

  /** {@code system:serviceaccount:<name>:<name>}. */
  String user() {
    return "system:serviceaccount:" + name + ":" + name;
  }

  /**
   * Replaces the rules of the account's ClusterRole and waits until the API server authorizes
   * accordingly: until it allows every permission of {@code rules} and refuses {@code refused}
   * (when given).
   */
  void grant(List<PolicyRule> rules, Permission refused) {
    admin.rbac().clusterRoles().withName(name).edit(role -> new ClusterRoleBuilder(role)
        .withRules(rules).build());
    List<Permission> granted = Permission.of(rules);
    await("the API server allowing " + granted
        + (refused == null ? "" : " and refusing " + refused), () ->
        (refused == null || !allows(refused)) && granted.stream().allMatch(this::allows));
  }

  /** Whether the API server lets the account do {@code permission}, as it answers the account. */
  boolean allows(Permission permission) {
    SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview()
        .create(new SelfSubjectAccessReviewBuilder().withNewSpec()
            .withResourceAttributes(permission.attributes()).endSpec().build());
    return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  @Override
  public void close() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      admin.rbac().clusterRoleBindings().withName(name).delete();
      admin.rbac().clusterRoles().withName(name).delete();
      admin.namespaces().withName(name).delete();
    }
  }

  private void setUp(File kubeconfig) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).create();
    admin.serviceAccounts().inNamespace(name).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName(name).endMetadata().build()).create();
    admin.rbac().clusterRoles().resource(new ClusterRoleBuilder(shipped).editMetadata()
        .withName(name).withResourceVersion(null).endMetadata().build()).create();
    admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName(name).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(name).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(name)
        .endSubject().build()).create();
    Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
        .withOauthToken(token()).withUsername(null).withPassword(null).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    await("the account authenticating and holding the shipped role",
        () -> allows(Permission.of(shipped.getRules()).get(0)));
  }

  /**
   * The account's token, from the Secret Kubernetes' token controller makes for every service
   * account (up to Kubernetes 1.23).
   */
  private String token() {
    String[] token = new String[1];
    await("a token Secret for service account " + name, () -> {
      ServiceAccount account = admin.serviceAccounts().inNamespace(name).withName(name).get();
      if (account == null || account.getSecrets() == null) {
        return false;
      }
      for (var reference : account.getSecrets()) {
        Secret secret = admin.secrets().inNamespace(name).withName(reference.getName()).get();
        Map<String, String> data = secret == null ? null : secret.getData();
        if (data != null && data.get("token") != null) {
          token[0] = new String(Base64.getDecoder().decode(data.get("token")),
              StandardCharsets.UTF_8);
          return true;
        }
      }
      return false;
    });
    return token[0];
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("waited " + PATIENCE + " for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
