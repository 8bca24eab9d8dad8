package io.mlctl.core.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The monitor on a real file system (inotify), with its client, in one JVM. */
@Timeout(60)
class MonitorDaemonTest {
  @TempDir
  Path root;

  private MonitorDaemon daemon;
  private Thread loop;
  private MonitorClient client;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(root.resolve(".mlctl/tmp"));
    Files.createDirectories(root.resolve("data/sub"));
    Files.createDirectories(root.resolve("models"));
    Files.writeString(root.resolve("data/sub/a.txt"), "a");
    client = new MonitorClient(root);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (daemon != null) {
      daemon.stop();
      loop.join(10_000);
    }
  }

  private void start(Duration idle) {
    daemon = MonitorDaemon.open(root, idle).orElseThrow();
    loop = new Thread(daemon::run, "test-fsmonitor");
    loop.start();
  }

  private MonitorClient.Answer ask(String since) {
    return client.changedSince(since, List.of("data", "models")).orElseThrow(() -> new AssertionError("no answer"));
  }

  @Test
  void firstAnswer_vouchesForNothing() {
    start(Duration.ofMinutes(1));

    MonitorClient.Answer a = ask(null);

    assertTrue(a.all());
    assertFalse(a.unchanged("data"));
  }

  @Test
  void answer_namesOnlyTheFolderThatChanged() throws IOException {
    start(Duration.ofMinutes(1));
    String t = ask(null).token();

    assertEquals(Set.of(), ask(t).changed());
    Files.writeString(root.resolve("data/sub/a.txt"), "b");

    MonitorClient.Answer a = ask(t);
    assertFalse(a.unchanged("data"));
    assertTrue(a.unchanged("models"));
    assertTrue(ask(a.token()).unchanged("data"), "nothing since the newer token");
  }

  @Test
  void aChangeMadeJustBeforeTheQuestion_isAlwaysInTheAnswer() throws IOException {
    start(Duration.ofMinutes(1));
    String t = ask(null).token();
    for (int i = 0; i < 200; i++) {
      Path f = root.resolve(i % 2 == 0 ? "data/sub/a.txt" : "models/m" + i);
      Files.writeString(f, "v" + i);
      MonitorClient.Answer a = ask(t);
      assertFalse(a.unchanged(i % 2 == 0 ? "data" : "models"), "change " + i + " was not seen");
      t = a.token();
    }
  }

  @Test
  void filesInAFolderMadeAfterTheStart_areWatched() throws IOException {
    start(Duration.ofMinutes(1));
    Files.createDirectories(root.resolve("data/new/deeper"));
    String t = ask(null).token();

    Files.writeString(root.resolve("data/new/deeper/f.txt"), "f");

    assertFalse(ask(t).unchanged("data"));
  }

  @Test
  void attributeChangesAndRemovals_countAsChanges() throws IOException {
    start(Duration.ofMinutes(1));
    String t = ask(null).token();
    Files.setLastModifiedTime(root.resolve("data/sub/a.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
    MonitorClient.Answer touched = ask(t);
    assertFalse(touched.unchanged("data"));

    Files.delete(root.resolve("data/sub/a.txt"));
    assertFalse(ask(touched.token()).unchanged("data"));
  }

  @Test
  void aTokenOfAnotherMonitor_vouchesForNothing() throws InterruptedException {
    start(Duration.ofMinutes(1));
    String t = ask(null).token();
    daemon.stop();
    loop.join(10_000);

    start(Duration.ofMinutes(1));

    assertTrue(ask(t).all());
  }

  @Test
  void aSecondMonitor_isRefused() {
    start(Duration.ofMinutes(1));

    assertEquals(Optional.empty(), MonitorDaemon.open(root, Duration.ofMinutes(1)));
  }

  @Test
  void stop_endsTheMonitorAndFreesTheWorkTree() throws InterruptedException {
    start(Duration.ofMinutes(1));
    assertTrue(client.info().isPresent());

    assertTrue(client.stop());
    loop.join(10_000);

    assertFalse(loop.isAlive());
    assertEquals("asked to stop", daemon.endReason());
    assertFalse(client.alive());
    assertEquals(Optional.empty(), client.changedSince(null, List.of("data")));
    daemon = null;
  }

  @Test
  void anIdleMonitor_endsByItself() throws InterruptedException {
    start(Duration.ofSeconds(1));

    loop.join(20_000);

    assertFalse(loop.isAlive());
    assertTrue(daemon.endReason().startsWith("idle"), daemon.endReason());
    daemon = null;
  }

  @Test
  void removingTheProject_endsTheMonitor() throws IOException, InterruptedException {
    start(Duration.ofMinutes(5));
    assertTrue(client.info().isPresent());

    deleteTree(root.resolve(".mlctl"));
    loop.join(20_000);

    assertFalse(loop.isAlive());
    assertEquals("the work tree went away", daemon.endReason());
    daemon = null;
  }

  @Test
  void info_saysWhatIsWatched() {
    start(Duration.ofMinutes(1));

    var info = client.info().orElseThrow();

    assertEquals(String.valueOf(ProcessHandle.current().pid()), info.get("pid"));
    // the root, data, data/sub, models and the monitor's own folder
    assertEquals("5", info.get("folders"));
  }

  @Test
  void withoutAMonitor_theClientAnswersNothingAtOnce() throws Exception {
    // A lock file a dead monitor left behind, and an answer nobody will write.
    Files.createDirectories(root.resolve(".mlctl/tmp/fsmonitor"));
    Files.writeString(root.resolve(".mlctl/tmp/fsmonitor/lock"), "");
    Path dir = root.resolve(".mlctl/tmp/fsmonitor");
    try (java.nio.file.WatchService watch = dir.getFileSystem().newWatchService()) {
      dir.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);

      assertFalse(client.alive());
      assertEquals(Optional.empty(), client.changedSince(null, List.of("data")));
      assertFalse(client.stop());

      // It sent no request, so it had no answer to wait for: the only file created in the
      // monitor's folder is the marker made after the calls (events arrive in order).
      Files.writeString(dir.resolve("marker"), "");
      List<String> created = new java.util.ArrayList<>();
      while (!created.contains("marker")) {
        java.nio.file.WatchKey key = watch.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(key != null, "no event for the marker");
        key.pollEvents().forEach(e -> created.add(String.valueOf(e.context())));
        key.reset();
      }
      assertEquals(List.of("marker"), created, "a request was written with no monitor to answer it");
    }
  }

  @Test
  void requestFiles_areCleanedUp() throws IOException {
    start(Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      ask(null);
    }
    try (var files = Files.list(root.resolve(".mlctl/tmp/fsmonitor"))) {
      assertEquals(Set.of("lock"), files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
