package io.mlctl.core.watch;

import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a work tree's monitor as a process of its own, detached from the command that started
 * it: its own session (through {@code setsid} where there is one), standard input from
 * {@code /dev/null} and its output in {@code .mlctl/tmp/fsmonitor/log}, so neither a closed
 * terminal nor a CI job waiting on open pipes is tied to it.
 */
public final class MonitorLauncher {
  /** How long an automatic start waits before starting a monitor that did not come up again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final Path root;
  private final MonitorFiles files;

  public MonitorLauncher(Path root) {
    this.root = root;
    this.files = new MonitorFiles(root);
  }

  /**
   * The command that runs mlctl's monitor for this work tree: the installed launcher when mlctl
   * runs from its distribution, else this JVM's own Java and class path.
   */
  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    String home = System.getProperty("mlctl.home");
    Path launcher = home == null ? null : Path.of(home, "bin", "mlctl");
    if (launcher != null && Files.isExecutable(launcher)) {
      cmd.add(launcher.toString());
    } else {
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("io.mlctl.cli.Main");
    }
    cmd.addAll(List.of("-C", root.toString(), "fsmonitor", "run"));
    return cmd;
  }

  /** Starts the monitor in the background; returns its process (which may exit at once if one runs). */
  public Process start() {
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(setsid.toString());
    }
    cmd.addAll(command());
    try {
      Files.createDirectories(files.dir());
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(root.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
          .redirectErrorStream(true);
      pb.environment().remove("MLCTL_JAVA_OPTS");
      Process p = pb.start();
      p.getOutputStream().close();
      return p;
    } catch (IOException e) {
      throw StorageException.of("start the file-system monitor for", root, e);
    }
  }

  /**
   * Starts the monitor unless one was started here within {@link #RETRY_AFTER} (it may still be
   * coming up, or it could not run here): what {@code status} and {@code add} do when
   * {@code core.fsmonitor} is on and no monitor answered. Never fails the command.
   */
  public void startUnlessRecent() {
    try {
      Path stamp = files.started();
      if (Files.exists(stamp)) {
        FileTime t = Files.getLastModifiedTime(stamp);
        if (System.currentTimeMillis() - t.toMillis() < RETRY_AFTER.toMillis()) {
          return;
        }
      }
      Files.createDirectories(files.dir());
      Files.write(stamp, new byte[0]);
      Files.setLastModifiedTime(stamp, FileTime.fromMillis(System.currentTimeMillis()));
      start();
    } catch (IOException | RuntimeException e) {
      // Only speed is at stake: the command walks the tree as it would without a monitor.
    }
  }
}
