package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files whose every version must be whole (pointers, {@code .gitignore} files,
 * {@code mlctl.lock}, {@code params.yaml}, run records, the registry and its audit trail), byte for byte, by path
 * relative to the root. Immutable.
 */
record Snapshot(Map<String, String> files) {
  /** Which files a snapshot holds. */
  static final Predicate<String> METADATA = rel -> rel.endsWith(".mlctl") && !rel.startsWith(".mlctl/")
      || rel.endsWith(".gitignore") && !rel.startsWith(".mlctl/")
      || rel.equals("mlctl.lock") || rel.equals("params.yaml")
      || rel.startsWith(".mlctl/runs/") && rel.endsWith(".json")
      || rel.startsWith(".mlctl/registry/");

  static Snapshot of(Path root) {
    return of(root, METADATA);
  }

  static Snapshot of(Path root, Predicate<String> which) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (which.test(rel) && !rel.startsWith(".mlctl/cache/")) {
          // Bytes as Latin-1: one char a byte, so equal strings are equal bytes.
          out.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Snapshot(out);
  }

  /**
   * With the lines of every {@code .gitignore} sorted: stages that run side by side ({@code -j})
   * add their outputs' lines in the order they finish.
   */
  Snapshot ignoringLineOrder() {
    Map<String, String> out = new TreeMap<>(files);
    out.replaceAll((rel, text) -> rel.endsWith(".gitignore") ? String.join("\n", text.lines().sorted().toList()) + "\n" : text);
    return new Snapshot(out);
  }

  /** Without the files {@code drop} selects (those a re-run writes anew, say run records). */
  Snapshot without(Predicate<String> drop) {
    Map<String, String> out = new TreeMap<>(files);
    out.keySet().removeIf(drop);
    return new Snapshot(out);
  }

  /** Without the records of runs a kill ended (a killed run is recorded as such, and stays). */
  Snapshot withoutKilledRuns() {
    Map<String, String> out = new TreeMap<>(files);
    out.entrySet().removeIf(e -> e.getKey().startsWith(".mlctl/runs/") && killedRun(e.getValue()));
    return new Snapshot(out);
  }

  /**
   * Fails unless every file here is as it was in {@code old} or as it is in {@code neu} (absent
   * counting as a version), byte for byte.
   */
  void assertEachOldOrNew(Snapshot old, Snapshot neu, String context) {
    TreeSet<String> paths = new TreeSet<>(files.keySet());
    paths.addAll(old.files.keySet());
    paths.addAll(neu.files.keySet());
    for (String p : paths) {
      String here = files.get(p);
      if (p.endsWith(".gitignore") && here != null && between(here, old.files.get(p), neu.files.get(p))) {
        continue;
      }
      if (p.startsWith(".mlctl/runs/") && here != null && old.files.get(p) == null && killedRun(here)) {
        continue;
      }
      if (!Objects.equals(here, old.files.get(p)) && !Objects.equals(here, neu.files.get(p))) {
        fail(p + " is neither its old nor its new version after " + context + ":\n--- now\n" + show(here)
            + "\n--- old\n" + show(old.files.get(p)) + "\n--- new\n" + show(neu.files.get(p)));
      }
    }
  }

  /**
   * A {@code .gitignore} gains a line per target a command adds, each time written whole: any
   * version on the way keeps every old line, adds only new ones, and ends with its newline.
   */
  private static boolean between(String here, String old, String neu) {
    java.util.Set<String> was = old == null ? java.util.Set.of() : java.util.Set.copyOf(old.lines().toList());
    java.util.Set<String> will = neu == null ? java.util.Set.of() : java.util.Set.copyOf(neu.lines().toList());
    java.util.List<String> now = here.lines().toList();
    return here.endsWith("\n") && now.containsAll(was) && now.stream().allMatch(l -> was.contains(l) || will.contains(l));
  }

  /**
   * A whole record of a run the kill ended: a run is recorded from its start (with the process
   * that runs it, so a reader can tell it was killed), and a killed one is a run like any other.
   */
  private static boolean killedRun(String text) {
    try {
      com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
      String status = r.path("status").asText();
      return r.isObject() && r.path("ended").isNull() && (status.equals("running") || status.equals("killed"));
    } catch (IOException notWhole) {
      return false;
    }
  }

  private static String show(String s) {
    return s == null ? "(absent)" : s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }
}
