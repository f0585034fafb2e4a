package io.processdeploy.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.processdeploy.api.StepFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule every builder applies to the base image before building anything: the application
 * image runs what its base image runs (it keeps the base's entrypoint, command, user, working
 * directory and environment), so a base image with neither an entrypoint nor a command — and
 * {@code scratch}, which has no configuration at all — would give an image that cannot start.
 */
public final class RunnableBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunnableBase() {}

  /**
   * Refuses {@code scratch}.
   *
   * @throws StepFailedException (not retryable) when {@code base} is {@code scratch}
   */
  public static void requireNotScratch(String base) {
    if (BaseImages.isScratch(base)) {
      throw cannotRun(base, "is empty: it has no configuration");
    }
  }

  /**
   * Checks the entrypoint and command of a base image.
   *
   * @param base the base image as requested
   * @param entrypoint its entrypoint, or null
   * @param cmd its command, or null
   * @throws StepFailedException (not retryable) when both are missing or empty
   */
  public static void require(String base, List<String> entrypoint, List<String> cmd) {
    if (isEmpty(entrypoint) && isEmpty(cmd)) {
      throw cannotRun(base, "has neither an entrypoint nor a command");
    }
  }

  /**
   * Checks a base image given by its configuration JSON (the image configuration blob, whose
   * {@code config} holds {@code Entrypoint} and {@code Cmd}).
   *
   * @throws StepFailedException (not retryable) when neither is set
   */
  public static void requireConfig(String base, byte[] configJson) {
    JsonNode config;
    try {
      config = JSON.readTree(configJson).path("config");
    } catch (IOException e) {
      throw new StepFailedException("base image " + base + " has a configuration that is not"
          + " JSON: " + e.getMessage(), false, e);
    }
    require(base, strings(config.path("Entrypoint")), strings(config.path("Cmd")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static boolean isEmpty(List<String> values) {
    return values == null || values.isEmpty();
  }

  private static StepFailedException cannotRun(String base, String what) {
    return new StepFailedException("base image " + base + " " + what + ", so an application"
        + " image built on it could not run; nothing was built. Give a runtime-bundle base image"
        + " with an entrypoint: the catalog entry runtime-bundle, or the deployment descriptor's"
        + " infrastructure image for runtime-bundle", false, null);
  }
}
