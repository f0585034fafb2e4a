package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.api.spi.ExportedChart;
import io.processdeploy.helm.support.SamplePlans;
import io.processdeploy.helm.support.ZipContent;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The same plan and options give the same bytes, whenever and by whichever exporter. */
class ReproducibleExportTest {
  @Test
  void shouldGiveTheSameBytesForTheSamePlan() {
    ExportedChart first = new HelmExporter().export(SamplePlans.everything(),
        ExportOptions.DEFAULTS);
    ExportedChart second = new HelmExporter().export(SamplePlans.everything(),
        ExportOptions.DEFAULTS);

    assertThat(second.zip()).isEqualTo(first.zip());
    assertThat(second).isEqualTo(first);
    assertThat(first.fileName()).isEqualTo("full-helm.zip");
  }

  @Test
  void shouldGiveTheSameBytesWhateverTheOrderOfConnectors() {
    ApplicationPlan plan = SamplePlans.withConnectors();
    List<io.processdeploy.api.ServicePlan> reversed = new ArrayList<>(plan.services());
    java.util.Collections.reverse(reversed);
    ApplicationPlan shuffled = new ApplicationPlan(plan.name(), plan.namespace(),
        plan.descriptor(), plan.projectName(), reversed);

    assertThat(new HelmExporter().export(shuffled, ExportOptions.DEFAULTS).zip())
        .isEqualTo(new HelmExporter().export(plan, ExportOptions.DEFAULTS).zip());
  }

  @Test
  void shouldStoreSortedEntriesWithOneFixedTimeAndNoExtraFields() {
    byte[] zip = new HelmExporter().export(SamplePlans.everything(), ExportOptions.DEFAULTS)
        .zip();

    List<ZipEntry> entries = ZipContent.zipEntries(zip);
    List<String> names = entries.stream().map(ZipEntry::getName).toList();
    assertThat(names).isSorted().doesNotHaveDuplicates().allMatch(n -> n.startsWith("full/"));
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.getTimeLocal()).isEqualTo(LocalDateTime.of(2000, 1, 1, 0, 0));
      assertThat(e.getExtra()).isNull();
    });
  }

  @Test
  void shouldGiveTheSameBytesInEveryTimeZone() {
    byte[] here = new HelmExporter().export(SamplePlans.minimal(), ExportOptions.DEFAULTS).zip();
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
      assertThat(new HelmExporter().export(SamplePlans.minimal(), ExportOptions.DEFAULTS).zip())
          .isEqualTo(here);
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @Test
  void shouldGiveOtherBytesForAnotherPlan() {
    assertThat(new HelmExporter().export(SamplePlans.minimal(), ExportOptions.DEFAULTS).zip())
        .isNotEqualTo(new HelmExporter().export(SamplePlans.withConnectors(),
            ExportOptions.DEFAULTS).zip());
  }
}
