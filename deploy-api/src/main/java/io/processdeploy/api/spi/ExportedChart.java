package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * An exported descriptor: a zip file.
 *
 * @param fileName suggested file name, e.g. {@code invoices-helm.zip}
 * @param zip the bytes
 */
public record ExportedChart(String fileName, byte[] zip) {
  /** Validates and copies. */
  public ExportedChart {
    Objects.requireNonNull(fileName, "fileName was not specified");
    zip = zip.clone();
  }

  /** A copy of the bytes. */
  @Override
  public byte[] zip() {
    return zip.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportedChart other && other.fileName.equals(fileName)
        && java.util.Arrays.equals(other.zip, zip);
  }

  @Override
  public int hashCode() {
    return fileName.hashCode() * 31 + java.util.Arrays.hashCode(zip);
  }

  @Override
  public String toString() {
    return "ExportedChart[" + fileName + ", " + zip.length + " bytes]";
  }
}
