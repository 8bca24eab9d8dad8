package io.mlctl.cli.help;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of each command's help that are not options: examples, related commands and what
 * exit status 1 means for it. They live in one resource, {@code help.txt}, keyed by command path
 * ({@code [exp run]}), so they can be read, reviewed and tested in one place; a test parses every
 * example with mlctl's own parser, so none can name an option that no longer exists.
 *
 * <p>Format: a {@code [COMMAND PATH]} line opens a command's entry; in it, {@code # TEXT} says
 * what the next example does, {@code $ mlctl ...} is an example, {@code see: A, B} names related
 * commands by path, and {@code exit 1: TEXT} says when the command exits 1. Lines before the first
 * entry are comments. Immutable once loaded; safe to share between threads.
 */
public final class HelpPages {
  /** One example: what it does (may be empty) and the command line. */
  public record Example(String comment, String command) {}

  /** A command's entry. */
  public record Page(List<Example> examples, List<String> seeAlso, String exitNo) {}

  private static final Page NONE = new Page(List.of(), List.of(), null);

  private static volatile Map<String, Page> pages;

  private HelpPages() {}

  /** The entry of the command at {@code path} (words after {@code mlctl}, space-separated; "" for mlctl itself). */
  public static Page of(String path) {
    return all().getOrDefault(path, NONE);
  }

  /** Every entry, by command path. */
  public static Map<String, Page> all() {
    Map<String, Page> p = pages;
    if (p == null) {
      try (InputStream in = HelpPages.class.getResourceAsStream("help.txt")) {
        if (in == null) {
          throw new IllegalStateException("help.txt is missing from mlctl's jar");
        }
        p = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pages = p;
    }
    return p;
  }

  static Map<String, Page> parse(List<String> lines) {
    Map<String, Page> out = new LinkedHashMap<>();
    String path = null;
    List<Example> examples = null;
    List<String> see = null;
    String exitNo = null;
    String comment = "";
    int number = 0;
    for (String raw : lines) {
      number++;
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]")) {
        if (path != null) {
          out.put(path, new Page(List.copyOf(examples), List.copyOf(see), exitNo));
        }
        path = line.substring(1, line.length() - 1).strip();
        if (out.containsKey(path)) {
          throw new IllegalStateException("help.txt:" + number + ": a second entry for '" + path + "'");
        }
        examples = new ArrayList<>();
        see = new ArrayList<>();
        exitNo = null;
        comment = "";
      } else if (path == null || line.isEmpty()) {
        continue;
      } else if (line.startsWith("# ")) {
        comment = line.substring(2).strip();
      } else if (line.startsWith("$ ")) {
        examples.add(new Example(comment, line.substring(2).strip()));
        comment = "";
      } else if (line.startsWith("see:")) {
        for (String s : line.substring(4).split(",")) {
          see.add(s.strip());
        }
      } else if (line.startsWith("exit 1:")) {
        exitNo = line.substring(7).strip();
      } else {
        throw new IllegalStateException("help.txt:" + number + ": cannot read '" + line + "'");
      }
    }
    if (path != null) {
      out.put(path, new Page(List.copyOf(examples), List.copyOf(see), exitNo));
    }
    return out;
  }
}
