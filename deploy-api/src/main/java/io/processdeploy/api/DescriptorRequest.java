package io.processdeploy.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a caller asks for when creating a descriptor (or deploying a release directly). The
 * deployment service validates it completely before storing anything.
 *
 * <pre>{@code
 * DescriptorRequest request = DescriptorRequest.builder("invoices", ReleaseRef.of("p-1", "3"))
 *     .withAdmins(Members.users("alice"))
 *     .withUsers(Members.groups("accounting"))
 *     .addConnector(ConnectorRequest.outOfTheBox("email-connector",
 *         "{\"EMAIL_HOST\":\"smtp.example.com\",\"EMAIL_PORT\":\"587\"}"))
 *     .build();
 * }</pre>
 *
 * @param name the application name
 * @param release the released project version
 * @param security admins and users
 * @param connectors the connectors' configuration
 * @param infrastructure optional overrides
 */
public record DescriptorRequest(String name, ReleaseRef release, Security security,
    List<ConnectorRequest> connectors, Infrastructure infrastructure) {
  /** Copies; absent parts become empty. Field rules are checked by the service. */
  public DescriptorRequest {
    security = Objects.requireNonNullElse(security, new Security(null, null));
    connectors = List.copyOf(connectors == null ? List.of() : connectors);
    infrastructure = Objects.requireNonNullElse(infrastructure, Infrastructure.NONE);
  }

  /** Starts a request for an application name and a release. */
  public static Builder builder(String name, ReleaseRef release) {
    return new Builder(name, release);
  }

  /** Builds a {@link DescriptorRequest}. */
  public static final class Builder {
    private final String name;
    private final ReleaseRef release;
    private Members admins = Members.NONE;
    private Members users = Members.NONE;
    private final List<ConnectorRequest> connectors = new ArrayList<>();
    private Infrastructure infrastructure = Infrastructure.NONE;

    private Builder(String name, ReleaseRef release) {
      this.name = name;
      this.release = release;
    }

    /** Sets the admins. */
    public Builder withAdmins(Members value) {
      this.admins = value;
      return this;
    }

    /** Sets the users. */
    public Builder withUsers(Members value) {
      this.users = value;
      return this;
    }

    /** Adds one connector's configuration. */
    public Builder addConnector(ConnectorRequest connector) {
      connectors.add(connector);
      return this;
    }

    /** Sets the infrastructure overrides. */
    public Builder withInfrastructure(Infrastructure value) {
      this.infrastructure = value;
      return this;
    }

    /** Builds the request. */
    public DescriptorRequest build() {
      return new DescriptorRequest(name, release, new Security(admins, users), connectors,
          infrastructure);
    }
  }
}
