package io.mlctl.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.BufferedWriter;
import java.util.Map;
import picocli.CommandLine;

/** The mlctl command's entry point. Only {@link #main} ends the process; tests call {@link #run}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = writer(FileDescriptor.out);
    PrintWriter err = writer(FileDescriptor.err);
    int code;
    try {
      code = run(out, err, System.getenv(), args);
    } catch (OutOfMemoryError e) {
      // Errors are not the commands' to catch; the user still gets one line, not a stack trace.
      ExitCodes.printError(err, "mlctl ran out of memory", "give the JVM more with MLCTL_JAVA_OPTS=-Xmx4g, or check the input's size");
      code = ExitCodes.IO;
    } catch (StackOverflowError e) {
      ExitCodes.printError(err, "the input is nested too deeply for mlctl to read", null);
      code = ExitCodes.BAD_INPUT;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs mlctl with the process's environment. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /**
   * Runs one mlctl command line.
   *
   * @return the exit code the contract gives for the outcome
   */
  public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    Boolean versionJson = versionRequest(args);
    if (versionJson != null) {
      // The version needs no command model, and scripts ask for it often.
      String version = io.mlctl.core.Version.get();
      out.println(versionJson ? "{\"name\":\"mlctl\",\"version\":\"" + version.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}"
          : new VersionProvider().getVersion()[0]);
      out.flush();
      return ExitCodes.OK;
    }
    PlainCommand plain = PlainCommand.parse(args);
    if (plain == null) {
      return execute(out, err, env, args);
    }
    if (!plain.repro()) {
      return plain.run(out, err, env);
    }
    // A no-op repro spends its time checking files: start that at once, on another thread.
    io.mlctl.core.pipeline.FreshPipeline.prefetch(plain.workDir());
    try {
      return plain.run(out, err, env);
    } finally {
      io.mlctl.core.pipeline.FreshPipeline.discardPrefetch();
    }
  }

  /** Flags that may sit beside {@code --version} without changing what it prints. */
  private static final java.util.Set<String> VERSION_COMPANIONS = java.util.Set.of(
      "-q", "--quiet", "-v", "--verbose", "--no-color", "--no-progress", "--debug");

  /**
   * For {@code mlctl --version} (or {@code -V}) with nothing but global flags beside it: whether
   * to print it as JSON ({@code --json}). Null for any other command line.
   */
  static Boolean versionRequest(String... args) {
    boolean version = false;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--version") || a.equals("-V")) {
        version = true;
      } else if (a.equals("--json")) {
        json = true;
      } else if (a.equals("-C") && i + 1 < args.length) {
        i++;
      } else if (!VERSION_COMPANIONS.contains(a)) {
        return null;
      }
    }
    return version ? json : null;
  }

  private static int execute(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    Globals globals = new Globals(env);
    ExitCodes exits = new ExitCodes(globals);
    CommandLine cl = CommandTree.forArgs(globals, args)
        .setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(exits)
        .setParameterExceptionHandler(exits);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static PrintWriter writer(FileDescriptor fd) {
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8)));
  }
}
