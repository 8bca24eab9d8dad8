package io.mlctl.cli.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a Java class from the test's own class path in a child JVM, as a second mlctl process. */
final class ChildJvm {
  private ChildJvm() {}

  static ProcessBuilder of(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    // Start fast: the child's work is I/O and hashing, not long-running compiled code.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xshare:auto");
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  static Process start(Class<?> main, String... args) throws IOException {
    return of(main, args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
