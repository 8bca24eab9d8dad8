package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog that ends a stage's processes by their tag: on request, gently or not, and, when
 * the last run of stages ends (as when mlctl dies), every process whose command had not ended by
 * itself. Each process here writes its PID first; "ended" is seen in /proc, with a generous deadline.
 */
@org.junit.jupiter.api.Timeout(120)
class StageGuardTest {
  @TempDir
  Path dir;
  private final List<Process> started = new ArrayList<>();
  private final List<StageGuard.Session> sessions = new ArrayList<>();

  @BeforeEach
  void onlyWhereThereIsAWatchdog() {
    org.junit.jupiter.api.Assumptions.assumeTrue(StageGuard.supported(), "no /proc here");
  }

  @AfterEach
  void tearDown() {
    sessions.forEach(StageGuard.Session::close);
    started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    started.forEach(Process::destroyForcibly);
  }

  private StageGuard.Session open() {
    StageGuard.Session s = StageGuard.open();
    sessions.add(s);
    return s;
  }

  /** Starts a process carrying the tag, as a stage's command does; returns its PID once it runs. */
  private long start(String name, String tag, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.replace("PID", name + ".pid")).directory(dir.toFile());
    pb.environment().put(StageGuard.VARIABLE, StageGuard.value(tag));
    started.add(pb.start());
    Path pid = dir.resolve(name + ".pid");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while ((!Files.exists(pid) || Files.size(pid) == 0) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return Long.parseLong(Files.readString(pid).trim());
  }

  private static boolean endsWithin20s(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!ReproTest.ended(pid) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ReproTest.ended(pid);
  }

  @Test
  void end_termsOrKillsTheTaggedProcesses_andOnlyThose() throws Exception {
    open();
    String stubborn = StageGuard.watch();
    String polite = StageGuard.watch();
    String other = StageGuard.watch();
    long stubbornPid = start("stubborn", stubborn, "trap '' TERM; echo $$ > PID; while :; do sleep 1; done");
    long politePid = start("polite", polite, "echo $$ > PID; exec sleep 30");
    long otherPid = start("other", other, "echo $$ > PID; exec sleep 30");

    StageGuard.end(stubborn, false);
    StageGuard.end(polite, false);
    // The watchdog takes requests in order: once polite has gone, stubborn had its TERM too.
    assertTrue(endsWithin20s(politePid), "SIGTERM did not end the polite process");
    assertTrue(!ReproTest.ended(stubbornPid), "a process that ignores SIGTERM outlives it");
    StageGuard.end(stubborn, true);
    assertTrue(endsWithin20s(stubbornPid), "SIGKILL did not end it");
    assertTrue(!ReproTest.ended(otherPid), "a process of another tag was ended");
  }

  @Test
  void theLastSessionClosing_endsWhatIsStillWatched_butNotWhatACommandLeftWhenItEndedByItself() throws Exception {
    StageGuard.Session first = open();
    StageGuard.Session second = open();
    String watched = StageGuard.watch();
    String released = StageGuard.watch();
    long watchedPid = start("watched", watched, "echo $$ > PID; exec sleep 30");
    long releasedPid = start("released", released, "echo $$ > PID; exec sleep 30");
    StageGuard.release(released);

    // Closing a session twice (a stopped run's hook and the run itself) counts once.
    first.close();
    first.close();
    // Another run of stages is still open: the watchdog goes on, and so does the watched process.
    assertTrue(!ReproTest.ended(watchedPid), "ended while a session was still open");

    second.close();
    assertTrue(endsWithin20s(watchedPid), "the watched process outlived the last session");
    assertTrue(!ReproTest.ended(releasedPid), "what a command left behind when it ended by itself is its own");
  }

  @Test
  void withoutATag_nothingIsSentOrEnded() {
    StageGuard.end(null, true);
    StageGuard.release(null);
    assertNull(StageGuard.value(null));
    assertEquals("t", StageGuard.value("t"));
  }

  @Test
  void tags_areUniqueAndCarryThisProcess() {
    open();
    String a = StageGuard.watch();
    String b = StageGuard.watch();
    assertTrue(a.startsWith(Long.toHexString(ProcessHandle.current().pid()) + "-"), a);
    assertTrue(!a.equals(b), a);
  }
}
