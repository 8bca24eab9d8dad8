package io.mlctl.core.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigStoreTest {
  private final TestFs fs = new TestFs();
  private final Path root = fs.project("/repo");
  private final ProjectLayout layout = new ProjectLayout(root);
  private final ConfigStore store = new ConfigStore(layout);

  @AfterEach
  void closeFs() throws IOException {
    fs.close();
  }

  @Test
  void read_whenNoConfigFiles_givesDefaults() {
    Config c = store.read();
    assertEquals(Map.of(), c.entries());
    assertEquals(Optional.of(10L), c.get("core.lock_wait"));
    assertEquals(List.of("reflink", "copy"), c.getList(ConfigKey.CACHE_TYPE));
    assertFalse(c.isSet("core.lock_wait"));
  }

  @Test
  void get_whenKeyHasNoDefault_isEmpty() {
    assertEquals(Optional.empty(), store.read().get("core.remote"));
  }

  @Test
  void set_writesNestedYamlToSharedFile() throws IOException {
    store.set("core.lock_wait", "30", false);
    assertEquals("core:\n  lock_wait: 30\n", Files.readString(layout.config()));
    assertFalse(Files.exists(layout.localConfig()));
  }

  @Test
  void set_thenRead_givesTypedValue() {
    store.set("core.lock_wait", "30", false);
    store.set("core.autostage", "yes", false);
    store.set("cache.type", "hardlink, copy", false);
    Config c = store.read();
    assertEquals(30L, c.getLong(ConfigKey.CORE_LOCK_WAIT));
    assertTrue(c.getBoolean(ConfigKey.CORE_AUTOSTAGE));
    assertEquals(List.of("hardlink", "copy"), c.getList(ConfigKey.CACHE_TYPE));
    assertTrue(c.isSet("core.lock_wait"));
  }

  @Test
  void set_whenKeyAlreadySet_replacesValueAndKeepsOthers() throws IOException {
    store.set("core.lock_wait", "30", false);
    store.set("core.remote", "origin", false);
    store.set("core.lock_wait", "5", false);
    assertEquals("core:\n  lock_wait: 5\n  remote: origin\n", Files.readString(layout.config()));
  }

  @Test
  void set_remoteKey_matchesNamePattern() {
    store.set("remote.store.url", "s3://bucket/prefix", false);
    store.set("remote.store.path_style", "true", false);
    Config c = store.read();
    assertEquals(Optional.of("s3://bucket/prefix"), c.get("remote.store.url"));
    assertEquals(Optional.of(true), c.get("remote.store.path_style"));
    assertEquals(List.of("store"), c.remoteNames());
  }

  @Test
  void set_local_writesLocalFileOnly() throws IOException {
    store.set("core.remote", "mine", true);
    assertEquals("core:\n  remote: mine\n", Files.readString(layout.localConfig()));
    assertFalse(Files.exists(layout.config()));
  }

  @Test
  void get_whenSetInBothLayers_localOverridesShared() {
    store.set("core.lock_wait", "30", false);
    store.set("core.lock_wait", "3", true);
    Config c = store.read();
    assertEquals(Optional.of(3L), c.get("core.lock_wait"));
    assertEquals(Map.of("core.lock_wait", 3L), c.entries());
  }

  @Test
  void unset_local_revealsSharedValue() {
    store.set("core.lock_wait", "30", false);
    store.set("core.lock_wait", "3", true);
    store.unset("core.lock_wait", true);
    assertEquals(Optional.of(30L), store.read().get("core.lock_wait"));
  }

  @Test
  void unset_whenSet_fallsBackToDefault() throws IOException {
    store.set("core.lock_wait", "30", false);
    store.unset("core.lock_wait", false);
    Config c = store.read();
    assertEquals(Optional.of(10L), c.get("core.lock_wait"));
    assertFalse(c.isSet("core.lock_wait"));
    assertEquals("{}\n", Files.readString(layout.config()));
  }

  @Test
  void unset_whenNotSet_failsNamingKeyAndFile() {
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> store.unset("core.remote", false));
    assertEquals("config key 'core.remote' is not set in .mlctl/config.yaml", e.getMessage());
  }

  @Test
  void set_unknownKey_isRejectedNamingKey() {
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> store.set("core.colour", "1", false));
    assertEquals("unknown config key 'core.colour'", e.getMessage());
    assertTrue(e.hint().orElseThrow().contains("core.lock_wait"), e.hint().orElseThrow());
    assertFalse(Files.exists(layout.config()));
  }

  @Test
  void get_unknownKey_isRejectedNamingKey() {
    BadArgumentException e = assertThrows(BadArgumentException.class, () -> store.read().get("remote.url"));
    assertEquals("unknown config key 'remote.url'", e.getMessage());
  }

  @Test
  void set_badBoolean_isRejectedAndNothingWritten() {
    BadArgumentException e = assertThrows(BadArgumentException.class,
        () -> store.set("core.autostage", "maybe", false));
    assertEquals("'maybe' is not a boolean for core.autostage", e.getMessage());
    assertFalse(Files.exists(layout.config()));
  }

  @Test
  void set_badInteger_isRejected() {
    BadArgumentException e = assertThrows(BadArgumentException.class,
        () -> store.set("core.lock_wait", "ten", false));
    assertEquals("'ten' is not a whole number >= 0 for core.lock_wait", e.getMessage());
  }

  @Test
  void set_negativeInteger_isRejected() {
    assertThrows(BadArgumentException.class, () -> store.set("core.lock_wait", "-1", false));
  }

  @Test
  void set_unknownLinkType_isRejected() {
    BadArgumentException e = assertThrows(BadArgumentException.class,
        () -> store.set("cache.type", "reflink,teleport", false));
    assertEquals("'teleport' is not a link type for cache.type", e.getMessage());
  }

  @Test
  void read_whenFileHoldsUnknownKey_failsNamingFileAndKey() throws IOException {
    Files.writeString(layout.config(), "core:\n  colour: true\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertEquals(".mlctl/config.yaml: unknown config key 'core.colour'", e.getMessage());
  }

  @Test
  void read_whenFileHoldsBadValue_failsNamingFile() throws IOException {
    Files.writeString(layout.localConfig(), "core:\n  lock_wait: soon\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertEquals(".mlctl/config.local.yaml: 'soon' is not a whole number >= 0 for core.lock_wait", e.getMessage());
  }

  @Test
  void read_whenYamlMalformed_failsNamingFileLineAndColumn() throws IOException {
    Files.writeString(layout.config(), "core:\n  autostage: true\n lock_wait: 3\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertTrue(e.getMessage().startsWith(".mlctl/config.yaml:3:2: malformed YAML: "), e.getMessage());
  }

  @Test
  void read_whenFlowListUnclosed_failsNamingFileLineAndColumn() throws IOException {
    Files.writeString(layout.config(), "cache:\n  type: [reflink, copy\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertTrue(e.getMessage().startsWith(".mlctl/config.yaml:3:1: malformed YAML: "), e.getMessage());
  }

  @Test
  void read_whenTopLevelIsNotMapping_failsNamingFile() throws IOException {
    Files.writeString(layout.config(), "- a\n- b\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertEquals(".mlctl/config.yaml:1:1: expected a mapping at the top level", e.getMessage());
  }

  @Test
  void read_whenDuplicateKey_fails() throws IOException {
    Files.writeString(layout.config(), "core:\n  lock_wait: 1\n  lock_wait: 2\n");
    BadInputException e = assertThrows(BadInputException.class, store::read);
    assertTrue(e.getMessage().startsWith(".mlctl/config.yaml:3:"), e.getMessage());
  }

  @Test
  void read_whenFileWrittenByInit_givesTemplateValues() {
    fs.gen("/fresh", Map.of(".git/", ""));
    Path fresh = fs.path("/fresh");
    new Init(fresh).call();
    Config c = new ConfigStore(new ProjectLayout(fresh)).read();
    assertEquals(Map.of("core.autostage", false), c.entries());
  }

  @Test
  void set_leavesNoTemporaryFiles() throws IOException {
    store.set("core.lock_wait", "30", false);
    try (var files = Files.list(layout.mlctlDir())) {
      assertEquals(List.of("config.yaml"), files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
