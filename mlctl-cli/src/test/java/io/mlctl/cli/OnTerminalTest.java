package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mlctl as a user at a terminal sees it (progress bars, colour): mlctl started by a launcher that, as the real
 * one does, tells it whether stderr is a terminal, run on a pseudo-terminal by script(1).
 */
class OnTerminalTest {
  @TempDir
  Path tmp;

  private Path launcher() throws IOException {
    Path bin = tmp.resolve("mlctl");
    Files.writeString(bin, "#!/bin/sh\ntty=false\n[ -t 2 ] && tty=true\nout=false\n[ -t 1 ] && out=true\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
        + "' -XX:+UseSerialGC -Dmlctl.stderr.tty=$tty -Dmlctl.stdout.tty=$out -cp '" + System.getProperty("java.class.path") + "' io.mlctl.cli.Main \"$@\"\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** What the terminal showed while {@code mlctl ARGS} ran. */
  private String onTerminal(Path repo, String... args) throws IOException, InterruptedException {
    return onTerminal(java.util.Map.of(), repo, args);
  }

  private String onTerminal(java.util.Map<String, String> env, Path repo, String... args) throws IOException, InterruptedException {
    StringBuilder cmd = new StringBuilder("'" + launcher() + "' -C '" + repo + "'");
    for (String a : args) {
      cmd.append(" '").append(a).append("'");
    }
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", cmd.toString(), "/dev/null").redirectErrorStream(true);
    pb.environment().remove("CI");
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "mlctl did not finish");
    assertEquals(0, p.exitValue(), shown);
    return shown;
  }

  private static int frames(String shown, String label) {
    return shown.split("\r" + java.util.regex.Pattern.quote(label), -1).length - 1;
  }

  @Test
  void addAndFsckOfOneGibibyteFile_showAMovingBar() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
    Path repo = Cli.project(tmp.resolve("repo"));
    try (RandomAccessFile f = new RandomAccessFile(repo.resolve("big.bin").toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    String add = onTerminal(repo, "add", "big.bin");
    assertTrue(frames(add, "Adding big.bin [") >= 3, "at least three frames:\n" + add.replace("\r", "\\r\n"));
    assertFalse(add.contains("100%]"), add);
    assertTrue(add.contains("\r\u001b[K"), "the bar is cleared at the end");
    assertTrue(add.contains("Added big.bin"), add);
    String fsck = onTerminal(repo, "fsck");
    assertTrue(frames(fsck, "Checking objects [") >= 3, "at least three frames:\n" + fsck.replace("\r", "\\r\n"));
  }

  @Test
  void status_colorsStatesOnATerminal_unlessToldNotTo() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
    Path repo = Cli.project(tmp.resolve("repo"));
    Files.writeString(repo.resolve("a.csv"), "x\n1\n");
    assertEquals(0, Cli.in(repo, "add", "a.csv", "-q").code());
    Files.writeString(repo.resolve("a.csv"), "x\n2\n");
    String colored = onTerminal(repo, "status");
    assertTrue(colored.contains("\u001b[33mmodified:\u001b[0m"), colored);
    String plain = onTerminal(repo, "status", "--no-color");
    assertTrue(plain.contains("modified:") && !plain.contains("\u001b["), plain);
    String noColor = onTerminal(java.util.Map.of("NO_COLOR", "1"), repo, "status");
    assertTrue(noColor.contains("modified:") && !noColor.contains("\u001b["), noColor);
    // Off a terminal (a pipe, a file): no colour, whatever else is set.
    String piped = Cli.run(java.util.Map.of("TERM", "xterm"), "-C", repo.toString(), "status").out();
    assertEquals("modified:     a.csv\n", piped);
  }
}
