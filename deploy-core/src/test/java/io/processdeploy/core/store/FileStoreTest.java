package io.processdeploy.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.internal.Json;
import io.processdeploy.tck.store.DurableDeploymentStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest extends DurableDeploymentStoreContract {
  @TempDir
  Path dir;

  @Override
  protected DeploymentStore createStore(Clock clock) {
    return FileStore.open(dir, clock);
  }

  @Override
  protected DeploymentStore reopen(DeploymentStore old) {
    old.close();
    return FileStore.open(dir, clock);
  }

  @Test
  void shouldWriteOneFileEachReadableByItsOwnerOnly() throws Exception {
    store.insertDescriptor(descriptor("expenses"));
    store.insertApplication(application("expenses"));
    Path descriptorFile = dir.resolve("descriptors/expenses.json");
    assertThat(descriptorFile).exists();
    assertThat(dir.resolve("applications/expenses.json")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(descriptorFile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(descriptorFile)).contains("\"invoice-scanner\"")
        .doesNotContain("\"empty\"");
    assertThat(Files.readString(dir.resolve("applications/expenses.json")))
        .contains("\"CreateApp\"", "\"DeployStarted\"");
    try (Stream<Path> files = Files.list(dir.resolve("descriptors"))) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("expenses.json");
    }
  }

  @Test
  void shouldReadAnApplicationFileWrittenBeforeRemovalsAndPermissionChangesWereStored()
      throws Exception {
    store.insertApplication(application("expenses"));
    store.close();
    Path file = dir.resolve("applications/expenses.json");
    ObjectNode json = (ObjectNode) Json.store().readTree(file.toFile());
    assertThat(json.has("removal")).as("field written today").isTrue();
    json.remove(List.of("removal", "pendingSecurity"));
    Files.write(file, Json.store().writeValueAsBytes(json));

    store = FileStore.open(dir);
    Application read = store.findApplication("expenses").orElseThrow();
    assertThat(read).isEqualTo(application("expenses"));
    assertThat(read.isBeingRemoved()).isFalse();
    assertThat(read.pendingSecurity()).isNull();
  }

  @Test
  void shouldRemoveTemporaryFilesLeftByACrashedWrite() throws Exception {
    store.insertDescriptor(descriptor("expenses"));
    store.close();
    Path leftover = dir.resolve("descriptors/.expenses.17.tmp");
    Files.writeString(leftover, "{\"name\":\"exp", StandardCharsets.UTF_8);
    store = FileStore.open(dir);
    assertThat(leftover).doesNotExist();
    assertThat(store.findDescriptor("expenses")).contains(descriptor("expenses"));
  }

  @Test
  void rejectsASecondStoreOnTheSameDirectory() {
    assertThatThrownBy(() -> FileStore.open(dir))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("in use by another deployment service");
  }

  @Test
  void rejectsAnUnreadableFileNamingIt() throws Exception {
    store.close();
    Files.writeString(dir.resolve("applications/broken.json"), "{not json");
    assertThatThrownBy(() -> FileStore.open(dir))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("broken.json").hasMessageContaining("cannot be read");
    store = null;
  }
}
