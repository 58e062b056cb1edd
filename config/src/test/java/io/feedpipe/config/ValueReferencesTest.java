package io.feedpipe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** #19: secrets come from the environment or from files, never written in the config file. */
class ValueReferencesTest {
  @TempDir Path dir;

  @Test
  void environmentAndFileReferencesAreReplacedAmongOtherText() throws IOException {
    Path secret = Files.writeString(dir.resolve("password"), "s3cr=t$1\n");

    String resolved = ValueReferences.resolve("user=\"${env:KAFKA_USER}\" password=\"${file:" + secret + "}\";",
        Map.of("KAFKA_USER", "feedpipe"));

    assertThat(resolved).isEqualTo("user=\"feedpipe\" password=\"s3cr=t$1\";");
  }

  @Test
  void textWithoutReferencesAndOtherProvidersStayAsWritten() {
    assertThat(ValueReferences.resolve("${dir:/etc/kafka:password} and $PLAIN", Map.of()))
        .isEqualTo("${dir:/etc/kafka:password} and $PLAIN");
    assertThat(ValueReferences.hasReference("${dir:/etc/kafka:password}")).isFalse();
    assertThat(ValueReferences.hasReference("${env:X}")).isTrue();
    assertThat(ValueReferences.references("a ${env:X} b ${file:/run/secret} ${dir:/x:y}"))
        .containsExactly("${env:X}", "${file:/run/secret}");
  }

  @Test
  void anUnsetVariableOrAMissingFileIsNamed() {
    assertThatThrownBy(() -> ValueReferences.resolve("${env:NOPE}", Map.of()))
        .hasMessage("${env:NOPE} names an environment variable that is not set");
    assertThatThrownBy(() -> ValueReferences.resolve("${file:" + dir.resolve("missing") + "}", Map.of()))
        .hasMessageContaining("${file:" + dir.resolve("missing") + "} cannot be read");
  }
}
