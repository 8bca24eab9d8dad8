package io.mlctl.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.Version;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.LockHolder;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Doctor} on real folders: versions, link types, remotes, the lock and the monitor's setting. */
class DoctorTest {
  @TempDir
  Path tmp;

  private Path project() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("repo"));
    new Init(root).noGit(true).call();
    return root;
  }

  private static Project open(Path root) {
    return Project.open(root, Clock.systemUTC(), Map.of());
  }

  private static DoctorReport doctor(Path dir) {
    return new Doctor(dir, Map.of()).call();
  }

  @Test
  void outsideAProject_reportsVersionsOnly_andPasses() {
    DoctorReport r = doctor(tmp);

    assertTrue(r.project().isEmpty());
    assertTrue(r.ok(), r.problems()::toString);
    assertEquals(Version.get(), r.versions().mlctl());
    assertEquals(Runtime.version().toString(), r.versions().java());
    assertTrue(r.versions().jgit().matches("\\d+\\.\\d+\\.\\d+.*"), r.versions().jgit());
  }

  @Test
  void git_isTheVersionGitPrints_orAWarningWhenThereIsNone() throws Exception {
    Optional<String> git = doctor(tmp).versions().git();
    String printed;
    try {
      Process p = new ProcessBuilder("git", "--version").start();
      printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException noGit) {
      printed = null;
    }
    if (printed == null) {
      assertTrue(git.isEmpty());
      assertTrue(doctor(tmp).warnings().stream().anyMatch(w -> w.startsWith("no git on PATH")));
    } else {
      assertEquals(printed, "git version " + git.orElseThrow());
    }
  }

  @Test
  void inAProject_triesEveryLinkType_andLeavesNothingBehindInTmp() throws IOException {
    Path root = project();
    Path sub = Files.createDirectories(root.resolve("data/raw"));

    DoctorReport r = doctor(sub);

    DoctorReport.ProjectHealth p = r.project().orElseThrow();
    assertEquals(root.toAbsolutePath().normalize(), p.root());
    assertEquals(List.of("reflink", "hardlink", "symlink", "copy"), p.links().stream().map(DoctorReport.LinkCheck::type).toList());
    // a POSIX temp folder takes hard and symbolic links and copies; reflinks depend on its file system
    assertTrue(p.links().stream().filter(l -> !l.type().equals("reflink")).allMatch(DoctorReport.LinkCheck::works), p.links()::toString);
    DoctorReport.LinkCheck reflink = p.links().get(0);
    assertEquals(reflink.works(), reflink.detail() == null);
    assertEquals(List.of("reflink", "copy"), p.cacheTypes());
    assertEquals(reflink.works() ? "reflink" : "copy", p.linkInUse().orElseThrow());
    // the scratch folder went again; .mlctl/tmp itself stays, as after any writer
    assertEquals(List.of(), list(root.resolve(".mlctl/tmp")));
    assertTrue(r.ok(), r.problems()::toString);
  }

  @Test
  void linkInUse_isTheFirstConfiguredTypeThatWorks() throws IOException {
    Path root = project();
    try (Project p = open(root)) {
      p.configStore().set("cache.type", "hardlink,copy", false);
    }

    assertEquals(Optional.of("hardlink"), doctor(root).project().orElseThrow().linkInUse());
  }

  @Test
  void remotes_aFolderThatIsThereAnswers_oneNotYetMadeIsAWarning_aFileFails() throws IOException {
    Path root = project();
    Path there = Files.createDirectories(tmp.resolve("there"));
    Path file = Files.writeString(tmp.resolve("file"), "not a folder");
    try (Project p = open(root)) {
      Remotes remotes = new Remotes(p);
      remotes.add("there", there.toString(), true);
      remotes.add("later", tmp.resolve("later").toString(), false);
      remotes.add("broken", file.toString(), false);
    }

    DoctorReport r = doctor(root);

    List<DoctorReport.RemoteCheck> checks = r.project().orElseThrow().remotes();
    assertEquals(List.of("broken", "later", "there"), checks.stream().map(DoctorReport.RemoteCheck::name).sorted().toList());
    DoctorReport.RemoteCheck thereCheck = find(checks, "there");
    assertEquals(DoctorReport.Reach.ANSWERS, thereCheck.reach());
    assertTrue(thereCheck.isDefault());
    assertEquals(DoctorReport.Reach.EMPTY, find(checks, "later").reach());
    assertEquals(DoctorReport.Reach.FAILED, find(checks, "broken").reach());
    assertEquals("not a folder", find(checks, "broken").detail());
    assertFalse(r.ok());
    assertEquals(List.of("remote 'broken' does not answer: not a folder"), r.problems());
    assertTrue(r.warnings().contains("remote 'later': its folder does not exist yet (the first push makes it)"), r.warnings()::toString);
  }

  @Test
  void anS3RemoteThatDoesNotAnswer_failsItsCheck_namingIt() throws IOException {
    Path root = project();
    try (Project p = open(root)) {
      new Remotes(p).add("s3", "s3://no-such-bucket/prefix", true);
      ConfigStore c = p.configStore();
      // nothing listens on port 1 of the loopback: the connection is refused at once
      c.set("remote.s3.endpoint", "http://127.0.0.1:1", false);
      c.set("remote.s3.access_key_id", "key", true);
      c.set("remote.s3.secret_access_key", "secret", true);
    }

    DoctorReport r = doctor(root);

    DoctorReport.RemoteCheck s3 = r.project().orElseThrow().remotes().get(0);
    assertEquals(DoctorReport.Reach.FAILED, s3.reach());
    assertTrue(s3.detail().contains("remote 's3' is unreachable"), s3.detail());
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).startsWith("remote 's3' does not answer: "), r.problems()::toString);
  }

  @Test
  void aConfigThatDoesNotParse_isAProblem_andTheOtherChecksStillRun() throws IOException {
    Path root = project();
    Files.writeString(root.resolve(".mlctl/config.yaml"), "core: [unclosed\n");

    DoctorReport r = doctor(root);

    assertFalse(r.ok());
    assertTrue(r.problems().get(0).startsWith("cannot read the config: "), r.problems()::toString);
    DoctorReport.ProjectHealth p = r.project().orElseThrow();
    assertEquals(4, p.links().size());
    assertTrue(p.remotes().isEmpty());
    assertTrue(p.lockHolder().isEmpty());
  }

  @Test
  void lockHeldByAnotherProcess_isReportedWithItsPid_withoutWaiting() throws Exception {
    Path root = project();
    Path lockFile = root.resolve(".mlctl/tmp/lock");
    // a wait longer than any test would notice: doctor must not take the lock at all
    try (Project p = open(root)) {
      p.configStore().set("core.lock_wait", "3600", false);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
        lockFile.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("locked", out.readLine());

      DoctorReport r = doctor(root);

      assertEquals(Optional.of(holder.pid()), r.project().orElseThrow().lockHolder());
      assertTrue(r.ok(), "a held lock is no failure");
      assertTrue(r.warnings().contains("the repository lock is held by PID " + holder.pid() + ": commands that write wait for it"),
          r.warnings()::toString);
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
    }
    assertTrue(doctor(root).project().orElseThrow().lockHolder().isEmpty(), "released when the holder exits");
  }

  @Test
  void lockFileNamingADeadProcess_readsAsFree() throws Exception {
    Path root = project();
    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
    Files.createDirectories(root.resolve(".mlctl/tmp"));
    Files.writeString(root.resolve(".mlctl/tmp/lock"), gone.pid() + "\n");

    assertTrue(doctor(root).project().orElseThrow().lockHolder().isEmpty());
  }

  @Test
  void lockHeldInThisProcess_isReported_andStillHeldAfterwards() throws IOException {
    Path root = project();
    Path lockFile = root.resolve(".mlctl/tmp/lock");
    try (RepoLock lock = RepoLock.acquire(lockFile, Duration.ZERO, Clock.systemUTC(), pid -> { })) {
      assertEquals(Optional.of(ProcessHandle.current().pid()), doctor(root).project().orElseThrow().lockHolder());
      // the file was not read: reading it through a second channel would have dropped this process's lock
      assertEquals(Optional.empty(), RepoLock.stamp(lockFile));
    }
  }

  @Test
  void fsmonitorSwitchedOnButNotRunning_isAWarning() throws IOException {
    Path root = project();
    try (Project p = open(root)) {
      p.configStore().set("core.fsmonitor", "true", false);
    }

    DoctorReport r = doctor(root);

    DoctorReport.ProjectHealth p = r.project().orElseThrow();
    assertTrue(p.fsmonitorEnabled());
    assertTrue(p.fsmonitor().isEmpty());
    assertTrue(r.ok());
    assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("core.fsmonitor is on but no file-system monitor runs")),
        r.warnings()::toString);
  }

  private static DoctorReport.RemoteCheck find(List<DoctorReport.RemoteCheck> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
