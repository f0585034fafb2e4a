package io.processdeploy.store.postgresql;

import java.util.regex.Pattern;

/** Keeps the database password out of messages: the password itself and URL password parameters. */
final class Redaction {
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)(password=)[^&;\\s]*");

  private final String password;

  Redaction(String password) {
    this.password = password == null || password.isEmpty() ? null : password;
  }

  String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = URL_PASSWORD.matcher(text).replaceAll("$1****");
    return password == null ? out : out.replace(password, "****");
  }

  /** Whether no message in the cause chain of {@code error} holds the password. */
  boolean isClean(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.equals(apply(message))) {
        return false;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return true;
  }

  /** A JDBC URL without its parameters, for messages. */
  static String withoutParameters(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }
}
