package io.mlctl.cli.commands;

import io.mlctl.cli.Output;
import java.util.List;

/** Sentences commands share, so they read alike: counts with their noun, the hint to commit. */
final class Words {
  private Words() {}

  /** "1 object", "2 objects"; {@code plural} for nouns that do not just take an s. */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  /** What to commit after a command changed files Git tracks, as 'add' and 'repro' say it. */
  static void gitAddHint(Output out, List<String> files) {
    if (files.isEmpty()) {
      return;
    }
    out.println("");
    out.println("To track the changes with git, run:");
    out.println("");
    out.println("\tgit add " + String.join(" ", files));
  }
}
