package io.processdeploy.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.processdeploy.api.KubernetesLimits;
import io.processdeploy.api.Names;
import io.processdeploy.api.ValidationException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses connector variables: a JSON object whose values are strings, numbers or booleans
 * (numbers and booleans become their text), with valid environment variable names as keys.
 * Error messages say where the JSON breaks but never quote it, since values may be secret.
 */
public final class Variables {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private Variables() {}

  /**
   * Parses {@code json}; {@code null} or blank means no variables.
   *
   * @param field the field to name in errors, e.g. {@code connectors[email-connector].variables}
   * @return variable name to value, sorted
   * @throws ValidationException naming {@code field}
   */
  public static Map<String, String> parse(String field, String json) {
    Map<String, String> out = new TreeMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (StreamConstraintsException e) {
      throw new ValidationException(field, "cannot be read: a name or value is longer, or the"
          + " nesting deeper, than the parser accepts; give a flat object of names and scalar"
          + " values (a Kubernetes ConfigMap or Secret holds at most "
          + KubernetesLimits.MAX_DATA_BYTES + " bytes, 1 MiB, of values)");
    } catch (JsonProcessingException e) {
      throw new ValidationException(field, "is not valid JSON" + where(e.getLocation()) + ": "
          + problem(e) + "; write an object such as {\"EMAIL_HOST\":\"smtp.example.com\","
          + "\"EMAIL_PORT\":587}");
    }
    if (root == null || !root.isObject()) {
      throw new ValidationException(field, "must be a JSON object of name/value pairs, such as"
          + " {\"EMAIL_HOST\":\"smtp.example.com\"}, not " + kind(root));
    }
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String name = e.getKey();
      JsonNode value = e.getValue();
      if (!Names.isEnvironmentVariable(name)) {
        throw new ValidationException(field, "'" + name + "' is not a valid environment variable"
            + " name; use letters, digits and '_', not starting with a digit, e.g. EMAIL_HOST");
      }
      if (value.isTextual()) {
        out.put(name, checkValue(field + "." + name, value.textValue()));
      } else if (value.isIntegralNumber()) {
        out.put(name, value.bigIntegerValue().toString());
      } else if (value.isNumber()) {
        out.put(name, value.decimalValue().toPlainString());
      } else if (value.isBoolean()) {
        out.put(name, Boolean.toString(value.booleanValue()));
      } else {
        throw new ValidationException(field, "the value of " + name + " is " + kind(value)
            + "; give a string, a number or a boolean");
      }
    }
    return out;
  }

  /**
   * Checks that {@code value} holds only characters a Kubernetes object written as YAML carries
   * ({@link Names#unsafeCharacter}), without quoting it: it may be secret.
   *
   * @return the value
   * @throws ValidationException naming {@code field}
   */
  public static String checkValue(String field, String value) {
    int bad = value == null ? -1 : Names.unsafeCharacter(value);
    if (bad >= 0) {
      throw new ValidationException(field, "holds the character " + Names.describe(value, bad)
          + " at position " + bad + ", which a Kubernetes ConfigMap or Secret written as YAML"
          + " cannot carry (NUL, control characters other than tab and line breaks, lone"
          + " surrogates); remove it, or encode the value, e.g. as base64");
    }
    return value;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String problem(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "the text ends before the JSON value is complete";
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      return "a name appears twice";
    }
    if (message.contains("Trailing token")) {
      return "there is text after the JSON object";
    }
    return "unexpected character or token";
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "empty";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return "a single value";
  }
}
