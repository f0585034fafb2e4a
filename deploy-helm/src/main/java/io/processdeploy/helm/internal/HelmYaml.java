package io.processdeploy.helm.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the exported YAML files from data models, never from text templates. Every string is
 * written double-quoted and every key that YAML 1.1 could read as something else ({@code on},
 * {@code y}, {@code null}…) is quoted, so that no value can change the structure of a file or be
 * read back by Helm as another type.
 */
public final class HelmYaml {
  private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .build())
      .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
          JsonInclude.Include.NON_NULL))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private HelmYaml() {}

  /** The YAML document of {@code model}, UTF-8, with a trailing newline. */
  public static byte[] write(Object model) {
    try {
      return MAPPER.writeValueAsString(model).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + model.getClass().getSimpleName()
          + " as YAML", e);
    }
  }

  /** Reads a YAML document into {@code type} (used for the shipped charts' metadata). */
  public static <T> T read(byte[] yaml, Class<T> type) {
    try {
      return MAPPER.readValue(yaml, type);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read " + type.getSimpleName() + " from YAML", e);
    }
  }
}
