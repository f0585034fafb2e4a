package io.processdeploy.core.internal;

import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Members;
import io.processdeploy.api.Names;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.internal.DescriptorDocument.ConnectorDoc;
import io.processdeploy.core.internal.DescriptorDocument.InfrastructureDoc;
import io.processdeploy.core.internal.DescriptorDocument.MembersDoc;
import io.processdeploy.core.internal.DescriptorDocument.ReleaseDoc;
import io.processdeploy.core.internal.DescriptorDocument.SecurityDoc;
import io.processdeploy.core.internal.DescriptorDocument.SettingsDoc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Moves descriptors between environments: a stored descriptor becomes a
 * {@link DescriptorDocument} (secret values replaced and listed, the bundled-database password
 * left out, catalog images of out-of-the-box connectors left to the importer's catalog), and a
 * document plus the supplied secrets becomes a {@link DescriptorRequest} for the usual
 * validation. The key of a secret is {@code connectors[<name>].<VARIABLE>} or
 * {@code infrastructure.global.variables[<group>].<key>} or
 * {@code infrastructure.services[<service>].variables[<group>].<key>}.
 */
public final class DescriptorTransfer {
  private final Catalog catalog;

  /** Transfers with {@code catalog} telling which connector images are the catalog's own. */
  public DescriptorTransfer(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The descriptor as a pretty-printed document without any secret value. */
  public String export(DeploymentDescriptor d) {
    List<String> secrets = new ArrayList<>();
    List<ConnectorDoc> connectors = new ArrayList<>();
    for (ConnectorConfig c : d.connectors()) {
      boolean catalogImage = c.kind() == ConnectorKind.OUT_OF_THE_BOX
          && catalog.connector(c.name()).map(c.image()::equals).orElse(false);
      connectors.add(new ConnectorDoc(c.name(), catalogImage ? null : c.image().toString(),
          hidden("connectors[" + c.name() + "].", c.variables(), c::isSecret, secrets),
          listed(c.secretKeys())));
    }
    Infrastructure infra = d.infrastructure();
    SettingsDoc global = settings("infrastructure.global", infra.global(), infra.global(),
        secrets);
    Map<String, SettingsDoc> services = new TreeMap<>();
    infra.services().forEach((service, settings) -> {
      ServiceSettings kept = Catalog.POSTGRESQL.equals(service)
          ? withoutBundledPassword(settings) : settings;
      if (kept.image() != null || !kept.variables().isEmpty() || kept.hasWorkloadSettings()) {
        services.put(service, settings("infrastructure.services[" + service + "]", kept,
            infra.global(), secrets));
      }
    });
    Security security = d.security();
    return DocumentJson.write(new DescriptorDocument(DescriptorDocument.FORMAT, d.name(),
        new ReleaseDoc(d.release().projectId(), d.release().version()),
        new SecurityDoc(members(security.admins()), members(security.users())), connectors,
        new InfrastructureDoc(global, services,
            infra.ingress().equals(IngressSettings.NONE) ? null : infra.ingress(),
            infra.networkPolicy()), secrets));
  }

  /**
   * The request a document describes, with the supplied secrets in place.
   *
   * @param newName the application name to import under, {@code null} for the document's
   * @param secrets the values of the document's {@code secretsToSupply}, by key
   * @throws ValidationException for an unreadable document, a missing or unknown secret, or a
   *     secret placeholder that is not listed
   */
  public DescriptorRequest toRequest(String json, String newName, Map<String, String> secrets) {
    DescriptorDocument doc = DocumentJson.read(json);
    SecretSlots slots = new SecretSlots(doc.secretsToSupply(), secrets);
    List<ConnectorRequest> connectors = new ArrayList<>();
    List<ConnectorDoc> docs = doc.connectors() == null ? List.of() : doc.connectors();
    for (int i = 0; i < docs.size(); i++) {
      ConnectorDoc c = docs.get(i);
      if (c == null) {
        throw new ValidationException("connectors[" + i + "]", "is empty; remove it");
      }
      String prefix = "connectors[" + (c.name() == null ? i : c.name().trim()) + "].";
      String variables = c.variables() == null ? null
          : DocumentJson.compact(slots.fill(prefix, c.variables()));
      connectors.add(new ConnectorRequest(c.name(), c.image(), variables,
          declared(c.secretVariables())));
    }
    Infrastructure infrastructure = infrastructure(doc.infrastructure(), slots);
    slots.requireAllFound();
    ReleaseRef release = doc.release() == null ? null
        : new ReleaseRef(doc.release().projectId(), doc.release().version());
    SecurityDoc security = doc.security();
    return new DescriptorRequest(newName != null ? newName : doc.name(), release,
        security == null ? null : new Security(members("security.admins", security.admins()),
            members("security.users", security.users())), connectors, infrastructure);
  }

  private static Infrastructure infrastructure(InfrastructureDoc doc, SecretSlots slots) {
    if (doc == null) {
      return Infrastructure.NONE;
    }
    ServiceSettings global = settings("infrastructure.global", doc.global(), slots);
    Map<String, ServiceSettings> services = new TreeMap<>();
    if (doc.services() != null) {
      doc.services().forEach((service, s) -> services.put(service,
          settings("infrastructure.services[" + service + "]", s, slots)));
    }
    return new Infrastructure(global, services, doc.ingress(), doc.networkPolicy());
  }

  private static ServiceSettings settings(String prefix, SettingsDoc doc, SecretSlots slots) {
    if (doc == null) {
      return ServiceSettings.NONE;
    }
    ImageReference image = doc.image() == null ? null
        : ImageReference.parse(prefix + ".image", doc.image());
    Map<String, Map<String, String>> groups = new TreeMap<>();
    if (doc.variables() != null) {
      doc.variables().forEach((group, values) -> groups.put(group, values == null ? null
          : slots.fill(prefix + ".variables[" + group + "].", values)));
    }
    return new ServiceSettings(image, groups, declared(doc.secretKeys()), doc.replicas(),
        doc.requests(), doc.limits(), doc.readinessProbe(), doc.livenessProbe(),
        doc.startupProbe(), doc.nodeSelector(), doc.tolerations(), doc.affinity(),
        doc.automountServiceAccountToken());
  }

  private static SettingsDoc settings(String prefix, ServiceSettings s, ServiceSettings global,
      List<String> secrets) {
    Map<String, Map<String, String>> groups = new TreeMap<>();
    s.variables().forEach((group, values) -> groups.put(group,
        hidden(prefix + ".variables[" + group + "].", values,
            key -> s.isSecret(key) || global.isSecret(key), secrets)));
    return new SettingsDoc(s.image() == null ? null : s.image().toString(), groups,
        listed(s.secretKeys()), s.replicas(), s.requests(), s.limits(), s.readinessProbe(),
        s.livenessProbe(), s.startupProbe(), s.nodeSelector(), s.tolerations(), s.affinity(),
        s.automountServiceAccountToken());
  }

  /** The declared secret keys as a document lists them: absent when none. */
  private static List<String> listed(Set<String> keys) {
    return keys.isEmpty() ? null : List.copyOf(keys);
  }

  /** The declared secret keys of a document; blank ones are refused where they are used. */
  private static Set<String> declared(List<String> keys) {
    return keys == null ? Set.of() : new java.util.HashSet<>(keys);
  }

  private static ServiceSettings withoutBundledPassword(ServiceSettings s) {
    Map<String, Map<String, String>> groups = new TreeMap<>(s.variables());
    Map<String, String> pg = new TreeMap<>(s.group(Infrastructure.POSTGRESQL));
    pg.remove("password");
    if (pg.isEmpty()) {
      groups.remove(Infrastructure.POSTGRESQL);
    } else {
      groups.put(Infrastructure.POSTGRESQL, pg);
    }
    return s.withVariables(groups);
  }

  private static Map<String, String> hidden(String prefix, Map<String, String> values,
      Predicate<String> secret, List<String> secrets) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((key, value) -> {
      if (Secrets.isSecret(key) || secret.test(key)) {
        secrets.add(prefix + key);
        out.put(key, DescriptorDocument.SECRET_PLACEHOLDER);
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  private static MembersDoc members(Members m) {
    return new MembersDoc(List.copyOf(m.users()), List.copyOf(m.groups()));
  }

  private static Members members(String field, MembersDoc doc) {
    if (doc == null) {
      return Members.NONE;
    }
    return new Members(names(field + ".users", doc.users()), names(field + ".groups",
        doc.groups()));
  }

  private static Set<String> names(String field, List<String> names) {
    Set<String> out = new TreeSet<>();
    if (names == null) {
      return out;
    }
    for (int i = 0; i < names.size(); i++) {
      out.add(Names.requireMemberName(field + "[" + i + "]", names.get(i)));
    }
    return out;
  }

  /** The secrets a document asks for, and the values supplied for them. */
  private static final class SecretSlots {
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> found = new LinkedHashSet<>();
    private final Map<String, String> supplied;

    SecretSlots(List<String> listed, Map<String, String> supplied) {
      this.supplied = supplied == null ? Map.of() : supplied;
      List<String> keys = listed == null ? List.of() : listed;
      for (int i = 0; i < keys.size(); i++) {
        if (keys.get(i) == null || keys.get(i).isBlank()) {
          throw new ValidationException("secretsToSupply[" + i + "]", "is blank; remove it");
        }
        wanted.add(keys.get(i));
      }
      List<String> missing = wanted.stream().filter(k -> this.supplied.get(k) == null).toList();
      if (!missing.isEmpty()) {
        throw new ValidationException(missing.get(0), "is a secret the document leaves out;"
            + " supply its value in the secrets map under this key, e.g. importDescriptor(caller,"
            + " json, Map.of(\"" + missing.get(0) + "\", \"<value>\"))"
            + (missing.size() > 1 ? "; the document also needs " + missing.subList(1,
                missing.size()) : ""));
      }
      for (String key : new TreeSet<>(this.supplied.keySet())) {
        if (!wanted.contains(key)) {
          throw new ValidationException("secrets", "'" + key + "' is not a secret this"
              + " document asks for; remove it (the document asks for "
              + (wanted.isEmpty() ? "none" : wanted.toString()) + ")");
        }
      }
    }

    /** The values with every wanted secret filled in. */
    Map<String, String> fill(String prefix, Map<String, String> values) {
      Map<String, String> out = new TreeMap<>();
      values.forEach((name, value) -> {
        String key = prefix + name;
        if (wanted.contains(key)) {
          found.add(key);
          out.put(name, supplied.get(key));
        } else if (DescriptorDocument.SECRET_PLACEHOLDER.equals(value)) {
          throw new ValidationException(key, "holds the secret placeholder but is not listed"
              + " under secretsToSupply; list it there and supply its value, or write the value"
              + " into the document");
        } else {
          out.put(name, value);
        }
      });
      return out;
    }

    void requireAllFound() {
      for (String key : wanted) {
        if (!found.contains(key)) {
          throw new ValidationException("secretsToSupply", "'" + key + "' names no variable of"
              + " the document; remove it from the list or add the variable");
        }
      }
    }
  }
}
