package io.mlctl.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.testing.TestRepo;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorVouchesTest {
  private static final String H = "ab".repeat(32);

  private final FileSystem fs = TestRepo.newFileSystem();
  private final Path state = fs.getPath("/repo/.mlctl/state");

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  @Test
  void read_withoutAFile_hasNoTokenAndNoDirectories() {
    MonitorVouches v = MonitorVouches.read(state);

    assertNull(v.token());
    assertTrue(v.dirs().isEmpty());
  }

  @Test
  void write_thenRead_keepsEveryDirectoryInOrder() {
    Map<String, MonitorVouches.Vouch> dirs = new LinkedHashMap<>();
    dirs.put("data/images with spaces", new MonitorVouches.Vouch(H, 1234, 7));
    dirs.put("models", new MonitorVouches.Vouch("cd".repeat(32), 0, 0));
    dirs.put("bad\nname", new MonitorVouches.Vouch(H, 1, 1));

    MonitorVouches.read(state).write("f00d:42", dirs);
    MonitorVouches v = MonitorVouches.read(state);

    assertEquals("f00d:42", v.token());
    assertEquals(Map.of("data/images with spaces", new MonitorVouches.Vouch(H, 1234, 7),
        "models", new MonitorVouches.Vouch("cd".repeat(32), 0, 0)), v.dirs());
  }

  @Test
  void aDamagedFile_vouchesForNothing() throws Exception {
    Files.createDirectories(state);
    for (String text : new String[] {
        "mlctl-fsmonitor-vouches 1\nf00d:1\n" + H + " 12 3 data",          // cut short: no final newline
        "mlctl-fsmonitor-vouches 1\nf00d:1\nnot-a-hash 12 3 data\n",
        "mlctl-fsmonitor-vouches 1\nf00d:1\n" + H + " twelve 3 data\n",
        "mlctl-fsmonitor-vouches 2\nf00d:1\n" + H + " 12 3 data\n",
        ""}) {
      Files.writeString(state.resolve("fsmonitor"), text);

      MonitorVouches v = MonitorVouches.read(state);

      assertNull(v.token(), text);
      assertTrue(v.dirs().isEmpty(), text);
    }
  }

  @Test
  void write_ofNoDirectories_keepsTheToken() {
    MonitorVouches.read(state).write("f00d:7", Map.of());

    MonitorVouches v = MonitorVouches.read(state);

    assertEquals("f00d:7", v.token());
    assertTrue(v.dirs().isEmpty());
  }

  @Test
  void write_skipsADirectoryWithALineBreakAnywhere() {
    Map<String, MonitorVouches.Vouch> dirs = new LinkedHashMap<>();
    dirs.put("\nfirst", new MonitorVouches.Vouch(H, 1, 1));
    dirs.put("\rfirst", new MonitorVouches.Vouch(H, 1, 1));
    dirs.put("ok", new MonitorVouches.Vouch(H, 2, 1));

    MonitorVouches.read(state).write("t", dirs);

    assertEquals(Map.of("ok", new MonitorVouches.Vouch(H, 2, 1)), MonitorVouches.read(state).dirs());
  }
}
