package io.processdeploy.registry.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code WWW-Authenticate} challenge, e.g.
 * {@code Bearer realm="https://auth.example.com/token",service="registry"}.
 *
 * @param scheme {@code basic} or {@code bearer}, lowercase
 * @param parameters the challenge parameters
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {
  private static final Pattern PARAMETER = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

  /** Parses a header value; empty when it names no scheme. */
  public static Optional<AuthChallenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space > 0) {
      Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
      while (m.find()) {
        parameters.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
      }
    }
    return Optional.of(new AuthChallenge(scheme, Map.copyOf(parameters)));
  }

  /** Whether this is a Basic challenge. */
  public boolean isBasic() {
    return scheme.equals("basic");
  }

  /** Whether this is a Bearer (token) challenge. */
  public boolean isBearer() {
    return scheme.equals("bearer");
  }
}
