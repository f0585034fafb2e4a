package io.processdeploy.helm.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of {@code requirements.yaml}.
 *
 * @param name the chart depended on
 * @param version the exact version required
 * @param repository {@code file://…}, a Helm repository URL or an {@code oci://} reference
 * @param alias the name this instance of the chart goes by (its values live under that key)
 * @param condition the values path that turns this dependency on or off, or {@code null}
 */
@JsonPropertyOrder({"name", "alias", "version", "repository", "condition"})
public record ChartDependency(String name, String alias, String version, String repository,
    String condition) {
}
