package io.processdeploy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The java code blocks of a README, found by their marker comment, for comparing with sources. */
public final class ReadmeBlocks {
  private ReadmeBlocks() {}

  /**
   * The java block that follows the marker comment {@code <!-- code:NAME -->} in {@code readme},
   * {@link #normalized(String) normalized}; fails the test when there is none.
   */
  public static String block(Path readme, String name) throws IOException {
    Matcher m = Pattern.compile("<!-- code:" + name + " -->\\s*```java\\n(.*?)```",
        Pattern.DOTALL).matcher(Files.readString(readme));
    assertThat(m.find()).as("block " + name + " of " + readme).isTrue();
    return normalized(m.group(1));
  }

  /** The non-blank lines of {@code code}, stripped, joined by {@code \n}. */
  public static String normalized(String code) {
    return String.join("\n", code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }
}
