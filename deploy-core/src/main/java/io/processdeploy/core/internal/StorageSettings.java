package io.processdeploy.core.internal;

import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.Catalog;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The rules of the {@value Infrastructure#STORAGE} variable group: the bundled database's volume. */
final class StorageSettings {
  /** A positive quantity in bytes, with an optional binary or decimal suffix. */
  private static final Pattern SIZE =
      Pattern.compile("[1-9][0-9]{0,15}(\\.[0-9]{1,3})?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?");

  private StorageSettings() {}

  /**
   * Checks one storage group.
   *
   * @param field the group's field name, for messages
   * @param service the service it was given for, {@code null} for the global settings
   * @throws ValidationException naming the field and the fix
   */
  static void check(String field, String service, Map<String, String> values) {
    if (!Catalog.POSTGRESQL.equals(service)) {
      throw new ValidationException(field, "storage is for the bundled database only; give it"
          + " under infrastructure.services[" + Catalog.POSTGRESQL + "]");
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!Infrastructure.STORAGE_KEYS.contains(key)) {
        throw new ValidationException(field + "." + key, "is not a storage setting; use "
            + new TreeSet<>(Infrastructure.STORAGE_KEYS));
      }
      if (value == null || value.isBlank()) {
        throw new ValidationException(field + "." + key, "is empty; give a value or leave the"
            + " key out");
      }
      if (key.equals("size") && !SIZE.matcher(value).matches()) {
        throw new ValidationException(field + ".size", "must be a positive Kubernetes quantity"
            + " such as 8Gi or 500Mi");
      }
      if (key.equals("storageClassName") && !KubernetesLimits.isDnsSubdomain(value)) {
        throw new ValidationException(field + ".storageClassName", "must be a storage class"
            + " name: " + KubernetesLimits.DNS_SUBDOMAIN_RULE);
      }
    }
  }
}
