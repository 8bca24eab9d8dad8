package io.mlctl.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The global options of one mlctl invocation, wherever on the command line they were given
 * ({@code mlctl -C dir status} and {@code mlctl status -C dir} alike). One instance per run.
 */
public final class Globals {
  private final Map<String, String> env;
  private Path directory;
  private boolean json;
  private boolean quiet;
  private int verbosity;
  private boolean noColor;
  private boolean noProgress;
  private boolean debug;

  public Globals(Map<String, String> env) {
    this.env = env;
  }

  /** The directory mlctl works in: {@code -C DIR}, resolved against the process's own. */
  public Path workDir() {
    Path cwd = Path.of(System.getProperty("user.dir"));
    if (directory == null) {
      return cwd;
    }
    Path dir = cwd.resolve(directory).normalize();
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new io.mlctl.core.BadArgumentException("cannot change to '" + directory + "': no such directory", null);
    }
    return dir;
  }

  public boolean json() {
    return json;
  }

  public boolean quiet() {
    return quiet;
  }

  public int verbosity() {
    return verbosity;
  }

  public boolean debug() {
    return debug || "1".equals(env.get("MLCTL_DEBUG")) || "true".equalsIgnoreCase(env.get("MLCTL_DEBUG"));
  }

  /**
   * Colour in the answer only when standard output is a terminal, and never when the user
   * ({@code --no-color}) or the environment ({@code NO_COLOR} set and not empty, as no-color.org
   * has it; {@code TERM=dumb}) says no.
   */
  public boolean color() {
    String no = env.get("NO_COLOR");
    return !noColor && (no == null || no.isEmpty()) && !"dumb".equals(env.get("TERM")) && Boolean.getBoolean("mlctl.stdout.tty");
  }

  /** Progress bars only on a terminal, never in CI or when asked not to, and never with --json or -q. */
  public boolean progress() {
    return !noProgress && !quiet && env.get("CI") == null && stderrIsTerminal();
  }

  public Map<String, String> env() {
    return env;
  }

  // The launcher tests stderr with `[ -t 2 ]` (and stdout with `[ -t 1 ]`): Java 17 cannot ask itself.
  private static boolean stderrIsTerminal() {
    return Boolean.getBoolean("mlctl.stderr.tty");
  }

  void directory(Path dir) {
    this.directory = dir;
  }

  void json(boolean v) {
    this.json = v;
  }

  void quiet(boolean v) {
    this.quiet = v;
  }

  void verbosity(int v) {
    this.verbosity = v;
  }

  void noColor(boolean v) {
    this.noColor = v;
  }

  void noProgress(boolean v) {
    this.noProgress = v;
  }

  void debug(boolean v) {
    this.debug = v;
  }
}
