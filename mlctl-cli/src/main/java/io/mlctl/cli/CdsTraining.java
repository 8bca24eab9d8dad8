package io.mlctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run once at build time under {@code -XX:ArchiveClassesAtExit}: exercises the short commands so
 * the classes they load go into the class-data sharing archive the launcher then maps, which
 * saves most of the class loading and verification of a short mlctl run.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("mlctl-cds");
    try {
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      Map<String, String> env = Map.of();
      String d = dir.toString();
      Main.run(sink, sink, env, "--version");
      Main.run(sink, sink, env, "--help");
      Main.run(sink, sink, env, "-C", d, "init", "--no-git");
      Main.run(sink, sink, env, "-C", d, "status");
      Main.run(sink, sink, env, "-C", d, "status", "--json");
      Main.run(sink, sink, env, "-C", d, "config", "list");
      Main.run(sink, sink, env, "-C", d, "config", "get", "core.lock_wait");
      Main.run(sink, sink, env, "no-such-command");
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
