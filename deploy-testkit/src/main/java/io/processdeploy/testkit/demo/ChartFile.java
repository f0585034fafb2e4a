package io.processdeploy.testkit.demo;

import io.processdeploy.api.spi.ExportedChart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The exported Helm zip as a file: written, then read back to check what it holds. */
final class ChartFile {
  private final Path file;

  private ChartFile(Path file) {
    this.file = file;
  }

  /** Writes the chart into {@code directory} under its suggested file name. */
  static ChartFile write(ExportedChart chart, Path directory) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(chart.fileName());
      Files.write(file, chart.zip());
      return new ChartFile(file);
    } catch (IOException e) {
      throw new StepFailure("could not write the chart to " + directory + ": " + e);
    }
  }

  Path path() {
    return file;
  }

  long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new StepFailure("no zip at " + file + ": " + e);
    }
  }

  /** The names of the files in the zip, read back from disk. */
  List<String> entries() {
    List<String> names = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file); ZipInputStream in = new ZipInputStream(raw)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (!e.isDirectory()) {
          names.add(e.getName());
        }
      }
    } catch (IOException e) {
      throw new StepFailure(file + " is not a readable zip: " + e);
    }
    return names;
  }
}
