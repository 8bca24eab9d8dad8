package io.mlctl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import io.mlctl.core.state.MonitorVouches;
import io.mlctl.core.status.StatusResult.ChangedPath;
import io.mlctl.core.status.StatusResult.State;
import io.mlctl.core.watch.MonitorDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * status and add with a file-system monitor running (in this JVM, on a real file system). To
 * show that a vouched-for directory is not walked, a file is changed the one way inotify cannot
 * see: through a hard link in a folder the monitor does not watch.
 */
@Timeout(60)
class MonitoredStatusTest {
  @TempDir
  Path root;

  private MonitorDaemon daemon;
  private Thread loop;

  @BeforeEach
  void setUp() throws IOException {
    new Init(root).noGit(true).call();
    write("data/a/one.bin", "one");
    write("data/a/two.bin", "two");
    write("data/b.bin", "bee");
    write("other/x.bin", "x");
    add("data", "other");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    stopMonitor();
  }

  private void startMonitor() {
    daemon = MonitorDaemon.open(root, Duration.ofMinutes(1)).orElseThrow();
    loop = new Thread(daemon::run, "test-fsmonitor");
    loop.start();
  }

  private void stopMonitor() throws InterruptedException {
    if (daemon != null) {
      daemon.stop();
      // The loop checks for a stop between polls of up to a second; the interrupt ends the
      // poll at once (the daemon closes on its way out either way).
      loop.interrupt();
      loop.join(10_000);
      assertFalse(loop.isAlive(), "the monitor did not stop");
      daemon = null;
    }
  }

  private Project project() {
    // An hour ahead, as TestRepo's clock: what this test wrote is never "racily clean".
    return Project.open(root, Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), Map.of());
  }

  private List<ChangedPath> status() {
    return new DataStatus(new Workspace(project())).all();
  }

  private Add.Result add(String... paths) {
    return new Add(new Workspace(project())).call(root, List.of(paths));
  }

  /** Writes a file with a modification time an hour ago, as data that has settled. */
  private void write(String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
  }

  /** Rewrites a tracked file's bytes through a hard link outside the watched tree, keeping its stat's size. */
  private void changeUnseen(String rel, String sameSizeText) throws IOException {
    Path link = root.resolve(".mlctl/tmp/unseen-link");
    Files.deleteIfExists(link);
    Files.createLink(link, root.resolve(rel));
    Files.writeString(link, sameSizeText);
    Files.delete(link);
  }

  private MonitorVouches vouches() {
    return MonitorVouches.read(root.resolve(".mlctl/state"));
  }

  @Test
  void status_withAMonitor_vouchesForCleanDirectoriesAfterOneWalk() throws IOException {
    startMonitor();
    assertEquals(List.of(), status());

    MonitorVouches v = vouches();
    assertEquals(List.of("data", "other"), List.copyOf(v.dirs().keySet()));
    assertEquals(3, v.dirs().get("data").files());

    changeUnseen("data/a/one.bin", "ONE");
    // Trusted: the monitor saw nothing, so the directory was not walked.
    assertEquals(List.of(), status());
  }

  @Test
  void status_withAMonitor_seesEveryChangeItIsTold() throws IOException {
    startMonitor();
    status();

    Files.writeString(root.resolve("data/a/one.bin"), "1");
    Files.writeString(root.resolve("data/new.bin"), "new");

    assertEquals(List.of(new ChangedPath("data/a/one.bin", State.MODIFIED), new ChangedPath("data/new.bin", State.NEW)),
        status());
    assertFalse(vouches().dirs().containsKey("data"), "a changed directory is not vouched for");
    assertTrue(vouches().dirs().containsKey("other"));

    Files.delete(root.resolve("data/new.bin"));
    Files.writeString(root.resolve("data/a/one.bin"), "one");
    assertEquals(List.of(), status());
    assertTrue(vouches().dirs().containsKey("data"), "clean again, and vouched for again");
  }

  @Test
  void status_whenThePointerMovesOn_walksAgain() throws IOException {
    startMonitor();
    status();
    String before = vouches().dirs().get("data").hash();
    // Another version of the pointer (a git checkout, say) with the directory's files unchanged.
    Files.writeString(root.resolve("data/c.bin"), "sea");
    add("data");
    Files.delete(root.resolve("data/c.bin"));

    assertEquals(List.of(new ChangedPath("data/c.bin", State.DELETED)), status());
    assertNotEquals(before, vouches().dirs().getOrDefault("data", new MonitorVouches.Vouch("", 0, 0)).hash());
  }

  @Test
  void status_whenOnlyThePointerNamesOtherData_walksAndDropsTheVouch() throws IOException {
    startMonitor();
    status();
    String data = vouches().dirs().get("data").hash();
    String other = vouches().dirs().get("other").hash();
    // The pointer now names other's data (as after a git checkout of another pointer); nothing
    // under data/ changed, so the monitor still vouches for it, but for the old content.
    Files.writeString(root.resolve("data.mlctl"), Files.readString(root.resolve("data.mlctl")).replace(data, other));

    List<ChangedPath> changes = status();

    assertTrue(changes.contains(new ChangedPath("data/x.bin", State.DELETED)), changes.toString());
    assertFalse(vouches().dirs().containsKey("data"), "a directory that differs from its pointer is not vouched for");
    assertEquals(other, vouches().dirs().get("other").hash());
  }

  @Test
  void status_withoutAMonitor_walksAndSeesTheUnseenChange() throws IOException, InterruptedException {
    startMonitor();
    status();
    stopMonitor();

    changeUnseen("data/a/one.bin", "ONE");

    assertEquals(List.of(new ChangedPath("data/a/one.bin", State.MODIFIED)), status());
  }

  @Test
  void status_ofALaterMonitor_distrustsTheOldVouches() throws IOException, InterruptedException {
    startMonitor();
    status();
    stopMonitor();
    changeUnseen("data/a/one.bin", "ONE");
    startMonitor();

    assertEquals(List.of(new ChangedPath("data/a/one.bin", State.MODIFIED)), status());
  }

  @Test
  void status_withLinkedCacheTypes_neverTrustsTheMonitor() throws IOException {
    project().configStore().set(ConfigKey.CACHE_TYPE.pattern(), "hardlink,copy", false);
    startMonitor();
    status();

    changeUnseen("data/a/one.bin", "ONE");

    assertEquals(List.of(new ChangedPath("data/a/one.bin", State.MODIFIED)), status());
    assertTrue(vouches().dirs().isEmpty());
  }

  @Test
  void add_ofAVouchedDirectory_readsNothing() throws IOException {
    startMonitor();
    Add.Result first = add("data");
    String hash = first.added().get(0).output().sha256();
    assertEquals(hash, vouches().dirs().get("data").hash());

    changeUnseen("data/a/one.bin", "ONE");
    Add.Result again = add("data");

    assertFalse(again.added().get(0).changed());
    assertEquals(hash, again.added().get(0).output().sha256());
    assertEquals(3, again.added().get(0).output().nfiles());
  }

  @Test
  void add_afterAChangeItIsTold_hashesAgain() throws IOException {
    startMonitor();
    add("data");

    Files.writeString(root.resolve("data/b.bin"), "changed");
    Add.Result again = add("data");

    assertTrue(again.added().get(0).changed());
    assertEquals(1, again.added().get(0).hashed());
    assertEquals(again.added().get(0).output().sha256(), vouches().dirs().get("data").hash());
    assertEquals(List.of(), status());
  }

  @Test
  void add_whenAnObjectLeftTheCache_doesNotTrustTheVouch() throws IOException {
    startMonitor();
    String hash = add("data").added().get(0).output().sha256();
    String one = io.mlctl.core.store.Sha256.of("one".getBytes());
    Files.delete(root.resolve(".mlctl/cache/sha256/" + one.substring(0, 2) + "/" + one.substring(2)));

    Add.Result again = add("data");

    assertEquals(hash, again.added().get(0).output().sha256());
    assertTrue(Files.exists(root.resolve(".mlctl/cache/sha256/" + one.substring(0, 2) + "/" + one.substring(2))),
        "the object is stored again");
  }
}
