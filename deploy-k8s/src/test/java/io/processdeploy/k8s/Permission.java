package io.processdeploy.k8s;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * One verb on one resource (possibly a subresource such as {@code pods/log}, possibly one named
 * object) that an RBAC rule grants.
 *
 * @param group the API group, {@code ""} for the core group
 * @param resource the resource, e.g. {@code deployments} or {@code pods/log}
 * @param verb the verb
 * @param resourceName the one object it is limited to, {@code null} for any
 */
record Permission(String group, String resource, String verb, String resourceName) {
  /** Every permission {@code rules} grant, one per group, resource, name and verb. */
  static List<Permission> of(List<PolicyRule> rules) {
    List<Permission> all = new ArrayList<>();
    for (PolicyRule rule : rules) {
      List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
          ? java.util.Collections.singletonList(null) : rule.getResourceNames();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String name : names) {
            for (String verb : rule.getVerbs()) {
              all.add(new Permission(group, resource, verb, name));
            }
          }
        }
      }
    }
    return all;
  }

  /** A rule granting exactly this permission. */
  PolicyRule rule() {
    PolicyRuleBuilder rule = new PolicyRuleBuilder().withApiGroups(group)
        .withResources(resource).withVerbs(verb);
    return resourceName == null ? rule.build() : rule.withResourceNames(resourceName).build();
  }

  /**
   * The words of the API server's refusal that name this permission: {@code cannot get resource
   * "pods/log" in API group ""}, or, for a permission limited to one object, which only RBAC's
   * escalation check asks about, the rule it prints.
   */
  String refusal() {
    if (resourceName != null) {
      return "Resources:[\"" + resource + "\"], ResourceNames:[\"" + resourceName
          + "\"], Verbs:[\"" + verb + "\"]";
    }
    return "cannot " + verb + " resource \"" + resource + "\" in API group \"" + group + "\"";
  }

  /** The question a SelfSubjectAccessReview asks about this permission, in any namespace. */
  ResourceAttributes attributes() {
    String[] parts = resource.split("/", 2);
    return new ResourceAttributesBuilder().withGroup(group).withResource(parts[0])
        .withSubresource(parts.length > 1 ? parts[1] : null).withVerb(verb)
        .withName(resourceName).build();
  }

  /** E.g. {@code patch deployments.apps}, {@code get configmaps named security}. */
  @Override
  public String toString() {
    return verb + " " + resource + (group.isEmpty() ? "" : "." + group)
        + (resourceName == null ? "" : " named " + resourceName);
  }
}
