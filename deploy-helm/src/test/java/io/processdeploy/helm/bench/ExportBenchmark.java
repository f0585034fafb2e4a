package io.processdeploy.helm.bench;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.HelmExporter;
import io.processdeploy.helm.internal.GatewaySettings;
import io.processdeploy.helm.internal.HelmYaml;
import io.processdeploy.helm.internal.ValuesFactory;
import io.processdeploy.helm.support.SamplePlans;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Median export time and zip size for an application with 10 connectors, against two baselines
 * measured in the same run: the export of an application with no connector, and the plain Jackson
 * serialization of the 10-connector application's values alone.
 *
 * <p>Run: {@code scripts/bench-export.sh [warmup] [samples]} (default 300 and 2000), that is
 * {@code mvn -B -q -pl deploy-helm -am -Pbench-export -DskipTests verify -Dexec.args="300 2000"}.
 */
public final class ExportBenchmark {
  private ExportBenchmark() {}

  /** Runs the benchmark and prints its numbers. */
  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    HelmExporter exporter = new HelmExporter();
    ApplicationPlan ten = SamplePlans.withConnectorCount(10);
    ApplicationPlan none = SamplePlans.withConnectorCount(0);

    Supplier<byte[]> exportTen = () -> exporter.export(ten, ExportOptions.DEFAULTS).zip();
    Supplier<byte[]> exportNone = () -> exporter.export(none, ExportOptions.DEFAULTS).zip();
    Supplier<byte[]> valuesTen =
        () -> HelmYaml.write(ValuesFactory.values(ten, GatewaySettings.DEFAULTS, false));

    // Interleave the three so that JIT and machine noise hit them alike.
    long[][] times = new long[3][samples];
    java.util.List<Supplier<byte[]>> subjects = java.util.List.of(exportTen, exportNone, valuesTen);
    for (int i = 0; i < warmup; i++) {
      for (Supplier<byte[]> subject : subjects) {
        subject.get();
      }
    }
    long sink = 0;
    for (int i = 0; i < samples; i++) {
      for (int s = 0; s < subjects.size(); s++) {
        long start = System.nanoTime();
        sink += subjects.get(s).get().length;
        times[s][i] = System.nanoTime() - start;
      }
    }
    double tenMs = median(times[0]);
    double noneMs = median(times[1]);
    double valuesMs = median(times[2]);
    int tenSize = exportTen.get().length;
    int noneSize = exportNone.get().length;
    int valuesSize = valuesTen.get().length;

    System.out.printf(Locale.ROOT, "Helm export benchmark: %d samples after %d warm-up rounds"
        + " (checksum %d)%n", samples, warmup, sink % 1000);
    System.out.printf(Locale.ROOT, "  export, 10 connectors (%2d services): median %7.3f ms,"
        + " zip %7d bytes%n", ten.services().size(), tenMs, tenSize);
    System.out.printf(Locale.ROOT, "  export,  0 connectors (%2d services): median %7.3f ms,"
        + " zip %7d bytes%n", none.services().size(), noneMs, noneSize);
    System.out.printf(Locale.ROOT, "  values.yaml only, 10 connectors:      median %7.3f ms,"
        + " yaml %6d bytes%n", valuesMs, valuesSize);
    System.out.printf(Locale.ROOT, "  ratio export(10) / export(0):      %.2fx time, %.2fx size%n",
        tenMs / noneMs, (double) tenSize / noneSize);
    System.out.printf(Locale.ROOT, "  ratio export(10) / values only(10): %.2fx time%n",
        tenMs / valuesMs);
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double mid = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    return mid / 1_000_000.0;
  }
}
