package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      "127.0.0.1:5000/apps/invoices:1.0.0, 127.0.0.1:5000, apps/invoices, 1.0.0, -",
      "registry.example.com/team/connector:1.0, registry.example.com, team/connector, 1.0, -",
      "postgres, docker.io, library/postgres, -, -",
      "postgres:15.8, docker.io, library/postgres, 15.8, -",
      "activiti/email-connector:8.7.0, docker.io, activiti/email-connector, 8.7.0, -",
      "localhost/x:1, localhost, x, 1, -",
      "localhost:5000/a/b/c, localhost:5000, a/b/c, -, -",
      "ghcr.io/o/r_x-y.z:v1_2-3, ghcr.io, o/r_x-y.z, v1_2-3, -"})
  void shouldParseReferences(String text, String registry, String repository, String tag,
      String digest) {
    ImageReference ref = ImageReference.parse(text);
    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void shouldParseADigestWithOrWithoutTag() {
    ImageReference both = ImageReference.parse("127.0.0.1:5000/apps/x:3@" + DIGEST);
    assertThat(both.tag()).isEqualTo("3");
    assertThat(both.digest()).isEqualTo(DIGEST);
    assertThat(both.toString()).isEqualTo("127.0.0.1:5000/apps/x:3@" + DIGEST);
    ImageReference only = ImageReference.parse("127.0.0.1:5000/apps/x@" + DIGEST);
    assertThat(only.tag()).isNull();
    assertThat(only.tagOrLatest()).isEqualTo("latest");
    assertThat(only.withTag("4").toString()).isEqualTo("127.0.0.1:5000/apps/x:4");
    assertThat(ImageReference.parse("a/b:1").withDigest(DIGEST).toString())
        .isEqualTo("docker.io/a/b:1@" + DIGEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Registry.example.com/Team/X:1", "a/b:", "a//b", "-a/b", "a/b:1 2",
      "a/b@sha256:short", "a/b:.bad", "http://registry/x:1", "a/b:" + "t123456789t123456789"
      + "t123456789t123456789t123456789t123456789t123456789t123456789t123456789t123456789"
      + "t123456789t123456789t123456789"})
  void rejectsTextThatIsNotAReferenceNamingTheField(String text) {
    assertThatThrownBy(() -> ImageReference.parse("connectors[x].image", text))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("connectors[x].image: ")
        .hasMessageContaining("not an image reference")
        .satisfies(e -> assertThat(((ValidationException) e).field())
            .isEqualTo("connectors[x].image"));
  }

  @Test
  void rejectsAMissingReference() {
    assertThatThrownBy(() -> ImageReference.parse(" "))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("image: ")
        .hasMessageContaining("required");
    assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void rejectsAMalformedDigestInTheConstructor() {
    assertThatThrownBy(() -> new ImageReference("r", "x", null, "md5:abc"))
        .isInstanceOf(ValidationException.class).hasMessageStartingWith("digest:");
  }
}
