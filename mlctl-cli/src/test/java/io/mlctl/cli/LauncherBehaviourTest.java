package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the launcher script against a fake JDK whose {@code java} prints its arguments, so the
 * script's logic (finding its home through symlinks, reading the JDK's release file, choosing the
 * class-data archive and JIT flags, passing arguments through) is checked without a build.
 */
class LauncherBehaviourTest {
  @TempDir
  Path tmp;

  private Path home;
  private Path launcher;
  private final Map<String, String> env = new HashMap<>();

  /** What the launcher exited with and printed; {@code args} is what it passed to java. */
  record Launch(int code, List<String> args, String err) {
    List<String> mlctlArgs() {
      return args.subList(args.indexOf("io.mlctl.cli.Main") + 1, args.size());
    }
  }

  @BeforeEach
  void install() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "/bin/sh is missing");
    tmp = tmp.toRealPath();
    home = tmp.resolve("mlctl");
    Files.createDirectories(home.resolve("lib"));
    launcher = Files.copy(LauncherScriptTest.LAUNCHER, Files.createDirectories(home.resolve("bin")).resolve("mlctl"));
    executable(launcher);
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", tmp.resolve("home").toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    env.put("MLCTL_NO_CDS", "1");
    env.put("JAVA_HOME", fakeJdk("jdk17", "17.0.9", "17.0.9+9").toString());
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A JDK folder whose java prints one argument per line (and a version banner for -version). */
  private Path fakeJdk(String name, String version, String runtime) throws IOException {
    Path jdk = tmp.resolve(name);
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n"
        + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2024-01-16' >&2; exit 0; fi\n"
        + "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
    executable(java);
    if (runtime != null) {
      Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_RUNTIME_VERSION=\"" + runtime
          + "\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
    return jdk;
  }

  private Launch launch(Path script, Path cwd, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher timed out");
    List<String> passed = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("[") && line.endsWith("]")) {
        passed.add(line.substring(1, line.length() - 1));
      }
    }
    return new Launch(p.exitValue(), passed, err);
  }

  private Launch launch(String... args) throws IOException, InterruptedException {
    return launch(launcher, tmp, args);
  }

  @Test
  void launch_runsMainFromLibWithArgumentsIntact() throws Exception {
    Launch l = launch("status", "a b", "", "*");
    assertEquals(0, l.code(), l.err());
    assertEquals("", l.err());
    assertEquals(List.of("status", "a b", "", "*"), l.mlctlArgs());
    int cp = l.args().indexOf("-cp");
    assertEquals(home.resolve("lib/mlctl.jar").toString(), l.args().get(cp + 1));
    assertTrue(l.args().contains("-Dmlctl.home=" + home), l.args()::toString);
    assertTrue(l.args().contains("-Dmlctl.stderr.tty=false"), l.args()::toString);
    assertTrue(l.args().contains("-Dmlctl.stdout.tty=false"), "colour only on a terminal: " + l.args());
  }

  @Test
  void launch_throughChainOfRelativeSymlinksFromElsewhere_findsItsHome() throws Exception {
    Path links = Files.createDirectories(tmp.resolve("usr/local/bin"));
    Path elsewhere = Files.createDirectories(tmp.resolve("work/project"));
    Files.createSymbolicLink(links.resolve("mlctl-real"), links.relativize(launcher));
    Path link = Files.createSymbolicLink(links.resolve("mlctl"), Path.of("mlctl-real"));
    Launch l = launch(link, elsewhere, "--version");
    assertEquals(0, l.code(), l.err());
    assertTrue(l.args().contains("-Dmlctl.home=" + home), l.args()::toString);
  }

  @Test
  void launch_byRelativePathFromItsFolder_findsItsHome() throws Exception {
    Launch l = launch(Path.of("./mlctl"), home.resolve("bin"), "--version");
    assertEquals(0, l.code(), l.err());
    assertTrue(l.args().contains("-Dmlctl.home=" + home), l.args()::toString);
  }

  @Test
  void launch_withJavaHomeWithoutJava_exits5Saying() throws Exception {
    env.put("JAVA_HOME", tmp.resolve("nowhere").toString());
    Launch l = launch("status");
    assertEquals(5, l.code());
    assertTrue(l.err().startsWith("mlctl: error: JAVA_HOME is " + tmp.resolve("nowhere")), l.err());
    assertEquals(1, l.err().lines().count(), l.err());
  }

  @Test
  void launch_onJava11_exits5AskingForJava17() throws Exception {
    env.put("JAVA_HOME", fakeJdk("jdk11", "11.0.21", "11.0.21+9").toString());
    Launch l = launch("status");
    assertEquals(5, l.code());
    assertTrue(l.err().startsWith("mlctl: error: mlctl needs Java 17 or newer"), l.err());
  }

  @Test
  void launch_withoutJavaHome_usesJavaOnPathAndReadsReleaseThroughSymlink() throws Exception {
    Path old = fakeJdk("jdk11", "11.0.21", "11.0.21+9");
    Path bin = Files.createDirectories(tmp.resolve("pathbin"));
    Files.createSymbolicLink(bin.resolve("java"), old.resolve("bin/java"));
    env.remove("JAVA_HOME");
    env.put("PATH", bin + ":/usr/bin:/bin");
    Launch l = launch("status");
    assertEquals(5, l.code());
    assertTrue(l.err().contains("Java 11.0.21"), l.err());
  }

  @Test
  void launch_withoutReleaseFile_asksJavaForItsVersion() throws Exception {
    env.put("JAVA_HOME", fakeJdk("jre21", "21.0.1", null).toString());
    Launch l = launch("status");
    assertEquals(0, l.code(), l.err());
    assertEquals(List.of("status"), l.mlctlArgs());
  }

  @Test
  void launch_withArchiveForThisJdk17_mapsIt() throws Exception {
    Path jsa = Files.writeString(home.resolve("lib/mlctl-17.0.9+9.jsa"), "");
    Launch l = launch("status");
    assertTrue(l.args().contains("-XX:SharedArchiveFile=" + jsa), l.args()::toString);
  }

  @Test
  void launch_withArchiveForThisJdk25_usesAotCache() throws Exception {
    env.put("JAVA_HOME", fakeJdk("jdk25", "25.0.3", "25.0.3+9-LTS").toString());
    Path jsa = Files.writeString(home.resolve("lib/mlctl-25.0.3+9-LTS.jsa"), "");
    Launch l = launch("status");
    assertTrue(l.args().contains("-XX:AOTCache=" + jsa), l.args()::toString);
    // Java 25 refuses to start when AOTCache comes with any -Xshare option.
    assertFalse(l.args().stream().anyMatch(a -> a.startsWith("-Xshare")), l.args()::toString);
  }

  @Test
  void launch_withArchiveForAnotherJdk_mapsNone() throws Exception {
    Files.writeString(home.resolve("lib/mlctl-17.0.8+7.jsa"), "");
    Launch l = launch("status");
    assertFalse(l.args().stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile")), l.args()::toString);
    assertFalse(Files.exists(tmp.resolve("cache/mlctl")), "MLCTL_NO_CDS=1 must not start an archive build");
  }

  @Test
  void launch_shortCommandAfterDirectoryOption_skipsC2() throws Exception {
    assertTrue(launch("-C", "/some/dir", "--json", "status").args().contains("-XX:TieredStopAtLevel=1"));
    assertTrue(launch().args().contains("-XX:TieredStopAtLevel=1"));
    assertTrue(launch("metrics", "show", "--md").args().contains("-XX:TieredStopAtLevel=1"));
  }

  @Test
  void launch_longCommand_keepsC2() throws Exception {
    Launch l = launch("-C", "status", "train", "--data", "x.csv");
    assertFalse(l.args().contains("-XX:TieredStopAtLevel=1"), l.args()::toString);
  }

  @Test
  void launch_serve_keepsC2ForHotCodeOnly() throws Exception {
    Launch l = launch("serve", "iris@production", "--port", "0");
    assertFalse(l.args().contains("-XX:TieredStopAtLevel=1"), l.args()::toString);
    assertTrue(l.args().contains("-XX:Tier4InvocationThreshold=100000"), l.args()::toString);
  }

  @Test
  void launch_transfers_keepC2ForHotCodeOnly() throws Exception {
    for (String command : List.of("fetch", "pull", "push")) {
      Launch l = launch("-C", "/some/dir", command, "-r", "origin");
      assertFalse(l.args().contains("-XX:TieredStopAtLevel=1"), l.args()::toString);
      assertTrue(l.args().contains("-XX:Tier4InvocationThreshold=100000"), command + ": " + l.args());
    }
    assertFalse(launch("checkout").args().contains("-XX:Tier4InvocationThreshold=100000"));
  }

  @Test
  void launch_splitsMlctlJavaOptsIntoArguments() throws Exception {
    env.put("MLCTL_JAVA_OPTS", "-Xmx64m -Dmlctl.test=1");
    Launch l = launch("status");
    int main = l.args().indexOf("io.mlctl.cli.Main");
    List<String> jvm = l.args().subList(0, main);
    assertTrue(jvm.contains("-Xmx64m") && jvm.contains("-Dmlctl.test=1"), jvm::toString);
  }

  @Test
  void launch_namesSlf4jProviderAndKeepsItsReportQuiet() throws Exception {
    List<String> args = launch("add", "data").args();
    assertTrue(args.contains("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider"), args::toString);
    assertTrue(args.contains("-Dslf4j.internal.verbosity=WARN"), args::toString);
  }
}
