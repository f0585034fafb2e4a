package io.processdeploy.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.processdeploy.api.ValidationException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes and reads {@link DescriptorDocument}s: pretty-printed with two-space indents,
 * {@code \n} line ends and arrays on one line, map keys sorted. Every refusal is a
 * {@link ValidationException} naming the field (as a path such as
 * {@code connectors[1].image}) and the line and column; messages never quote the document, since it may hold secret values.
 */
public final class DocumentJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();
  private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private DocumentJson() {}

  /** The document as pretty-printed JSON. */
  public static String write(DescriptorDocument document) {
    try {
      return PRETTY.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a descriptor document", e);
    }
  }

  /** Variables as a compact JSON object, the form a connector request takes them in. */
  public static String compact(Map<String, String> variables) {
    try {
      return MAPPER.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write connector variables", e);
    }
  }

  /**
   * Reads a document: JSON syntax first, then the format, then the fields.
   *
   * @throws ValidationException naming the field, and the line and column where they are known
   */
  public static DescriptorDocument read(String json) {
    if (json == null || json.isBlank()) {
      throw new ValidationException("document", "is empty; give the JSON text"
          + " exportDescriptor(..) wrote");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw refusal(e, json);
    }
    if (root == null || !root.isObject()) {
      throw new ValidationException("document", "must be a JSON object as exportDescriptor(..)"
          + " writes it, with \"format\": \"" + DescriptorDocument.FORMAT + "\"");
    }
    checkFormat(root.get("format"));
    try {
      return MAPPER.readValue(json, DescriptorDocument.class);
    } catch (JsonProcessingException e) {
      throw refusal(e, json);
    }
  }

  /**
   * Where the field of that path starts in the text (databind reports some problems, such as an
   * unknown field of a record, only where the enclosing object ends).
   */
  private static JsonLocation locate(String json, String field) {
    try (JsonParser p = MAPPER.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && field.equals(path(p.getParsingContext()))) {
          return p.currentTokenLocation();
        }
      }
    } catch (java.io.IOException e) {
      return null;
    }
    return null;
  }

  private static void checkFormat(JsonNode format) {
    if (format == null || format.isNull()) {
      throw new ValidationException("format", "is missing; a descriptor document starts with"
          + " \"format\": \"" + DescriptorDocument.FORMAT + "\" (export the descriptor with"
          + " exportDescriptor(..))");
    }
    if (!format.isTextual() || !DescriptorDocument.FORMAT.equals(format.textValue())) {
      String seen = format.isTextual() && format.textValue().length() <= 64
          ? "'" + format.textValue() + "'" : "this value";
      throw new ValidationException("format", seen + " is not a format this version reads; it"
          + " reads " + DescriptorDocument.FORMAT + ": export the descriptor again with a"
          + " matching version");
    }
  }

  private static ValidationException refusal(JsonProcessingException e, String json) {
    String field;
    String problem;
    if (e instanceof UnrecognizedPropertyException u) {
      field = path(u);
      problem = "is not a field of " + DescriptorDocument.FORMAT + "; the fields there are "
          + sorted(u.getKnownPropertyIds()) + "; remove it or correct its name";
    } else if (e instanceof MismatchedInputException m) {
      field = path(m);
      problem = "must be " + kind(m.getTargetType());
    } else if (e instanceof JsonMappingException d) {
      field = path(d);
      problem = "cannot be read as a field of " + DescriptorDocument.FORMAT;
    } else {
      field = e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "document";
      problem = "is not valid JSON: " + syntaxProblem(e);
    }
    JsonLocation at = e instanceof JsonMappingException ? locate(json, field) : null;
    return new ValidationException(field, problem + where(at != null ? at : e.getLocation()));
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "document" : sb.toString();
  }

  private static String path(JsonStreamContext context) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      }
    }
    String path = String.join("", parts);
    path = path.startsWith(".") ? path.substring(1) : path;
    return path.isEmpty() ? "document" : path;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String syntaxProblem(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "the text ends before the document is complete";
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      return "a name appears twice in one object";
    }
    if (message.contains("Trailing token")) {
      return "there is text after the document";
    }
    return "unexpected character or token";
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static TreeSet<String> sorted(Collection<Object> ids) {
    TreeSet<String> out = new TreeSet<>();
    if (ids != null) {
      ids.forEach(id -> out.add(String.valueOf(id)));
    }
    return out;
  }
}
