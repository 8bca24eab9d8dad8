package io.mlctl.core.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a person most likely meant when they mistyped one: the basis of "did you mean" hints
 * for columns, options and commands. Stateless.
 */
public final class Spelling {
  private Spelling() {}

  /**
   * The candidate nearest to {@code word} by edits, if it is near enough to be a typo: within two
   * edits and fewer than half the word's letters, ignoring letter case ({@code Label} for
   * {@code label}). Ties go to the earlier candidate.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= 2 && bestDistance * 2 < word.length() ? Optional.of(best) : Optional.empty();
  }

  /** Levenshtein distance, with a swap of neighbouring letters counted as one edit. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
