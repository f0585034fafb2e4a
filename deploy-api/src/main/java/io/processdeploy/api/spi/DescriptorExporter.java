package io.processdeploy.api.spi;

import io.processdeploy.api.ApplicationPlan;

/**
 * Exports an application as a file users can install by hand (the Helm module: a zip with
 * {@code requirements.yaml}, {@code values.yaml} and {@code Chart.yaml}).
 */
public interface DescriptorExporter extends Discoverable {
  /**
   * Exports the plan. The same plan and options give the same bytes.
   */
  ExportedChart export(ApplicationPlan plan, ExportOptions options);
}
