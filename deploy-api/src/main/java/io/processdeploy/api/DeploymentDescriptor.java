package io.processdeploy.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to deploy one application. A descriptor is created for every deployment; one
 * descriptor deploys one application of the same name.
 *
 * @param name the application name (see {@link Names#requireApplicationName(String, String)})
 * @param release the released project version
 * @param security admins and users
 * @param connectors one entry per connector the release uses, sorted by name
 * @param infrastructure optional image and variable overrides
 * @param createdAt when the descriptor was created
 * @param createdBy who created it
 */
public record DeploymentDescriptor(String name, ReleaseRef release, Security security,
    List<ConnectorConfig> connectors, Infrastructure infrastructure, Instant createdAt,
    String createdBy) {
  /** Validates and copies. */
  public DeploymentDescriptor {
    Names.requireApplicationName("name", name);
    Objects.requireNonNull(release, "release was not specified");
    Objects.requireNonNull(security, "security was not specified");
    connectors = (connectors == null ? List.<ConnectorConfig>of() : connectors).stream()
        .sorted(java.util.Comparator.comparing(ConnectorConfig::name)).toList();
    infrastructure = Objects.requireNonNullElse(infrastructure, Infrastructure.NONE);
    Objects.requireNonNull(createdAt, "createdAt was not specified");
    Objects.requireNonNull(createdBy, "createdBy was not specified");
  }

  /** The connector of that name. */
  public Optional<ConnectorConfig> connector(String connectorName) {
    return connectors.stream().filter(c -> c.name().equals(connectorName)).findFirst();
  }

  /** A copy with other security settings. */
  public DeploymentDescriptor withSecurity(Security newSecurity) {
    return new DeploymentDescriptor(name, release, newSecurity, connectors, infrastructure,
        createdAt, createdBy);
  }
}
