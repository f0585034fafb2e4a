package io.processdeploy.core.fakes;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.spi.DescriptorExporter;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An exporter that writes the plan's service names as the "zip" and remembers each plan. */
public class FakeExporter implements DescriptorExporter {
  public final List<ApplicationPlan> plans = new CopyOnWriteArrayList<>();

  @Override
  public ExportedChart export(ApplicationPlan plan, ExportOptions options) {
    plans.add(plan);
    return new ExportedChart(plan.name() + "-helm.zip",
        plan.services().toString().getBytes(StandardCharsets.UTF_8));
  }
}
