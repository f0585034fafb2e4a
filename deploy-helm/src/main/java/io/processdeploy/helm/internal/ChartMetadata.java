package io.processdeploy.helm.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The model of a {@code Chart.yaml}.
 *
 * @param apiVersion {@code v1} for the exported chart (its dependencies live in
 *     {@code requirements.yaml}), {@code v2} for the shipped charts
 * @param name the chart name
 * @param version the chart version (SemVer 2)
 * @param appVersion the version of what the chart deploys
 * @param description one line about the chart
 * @param type {@code application}, or {@code null} for apiVersion v1 charts
 * @param keywords search keywords
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"apiVersion", "name", "version", "appVersion", "description", "type",
    "keywords"})
public record ChartMetadata(String apiVersion, String name, String version, String appVersion,
    String description, String type, List<String> keywords) {
}
