package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RegistryCredentials;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OciRegistryBuilderTest {
  @Test
  void shouldUseHttpsUnlessAllowedInsecure() {
    assertThat(OciRegistry.builder("registry.example.com").build().toString())
        .contains("https://registry.example.com");
    assertThat(OciRegistry.builder("127.0.0.1:5000").allowInsecure().build().toString())
        .contains("http://127.0.0.1:5000");
  }

  @Test
  void rejectsAHostWithSchemeOrPath() {
    assertThatThrownBy(() -> OciRegistry.builder("https://registry.example.com"))
        .hasMessageContaining("host[:port]");
    assertThatThrownBy(() -> OciRegistry.builder("registry.example.com/apps"))
        .hasMessageContaining("host[:port]");
  }

  @Test
  void rejectsARepositoryPrefixWithoutTrailingSlash() {
    assertThatThrownBy(() -> OciRegistry.builder("r.example.com").withRepositoryPrefix("apps"))
        .hasMessageContaining("apps/");
  }

  @Test
  void shouldAskTheCredentialHelperOnceAndPreferExplicitCredentials() {
    AtomicInteger asked = new AtomicInteger();
    CredentialHelper helper = host -> {
      asked.incrementAndGet();
      return Optional.of(new RegistryCredentials("helper-user", "s3cret"));
    };
    OciRegistry helped = OciRegistry.builder("r.example.com").withCredentialHelper(helper).build();
    OciRegistry explicit = OciRegistry.builder("r.example.com").withCredentialHelper(helper)
        .withCredentials("ci", "pw").build();

    assertThat(helped.credentials()).get().extracting(RegistryCredentials::username)
        .isEqualTo("helper-user");
    helped.credentials();
    assertThat(explicit.credentials()).get().extracting(RegistryCredentials::username)
        .isEqualTo("ci");
    assertThat(asked).hasValue(1);
  }

  @Test
  void shouldNeverShowThePasswordInItsDescription() {
    assertThat(OciRegistry.builder("r.example.com").withCredentials("ci", "pa55word").build()
        .toString()).contains("ci").doesNotContain("pa55word");
  }

  @Test
  void rejectsAnImageNamedAfterAnotherRegistryBeforeAnyRequest() {
    OciRegistry registry = OciRegistry.builder("r.example.com").build();
    BuiltImage image = new BuiltImage(ImageReference.parse("other.example.com/apps/x:1"),
        "sha256:" + "a".repeat(64), null, 0);

    assertThatThrownBy(() -> registry.push(image, ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("other.example.com");
  }
}
