package io.mlctl.core.exp;

import io.mlctl.core.BadArgumentException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Run names: given ({@code exp run -n}) or made up of an adjective and a bird, {@code brisk-lark},
 * easier to say and remember than an id. A name is unique among the runs of a project, so it
 * can stand wherever a run is referenced.
 */
public final class RunNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final List<String> ADJECTIVES = List.of("agile", "bold", "brave", "bright", "brisk", "calm", "clever",
      "cool", "crisp", "daring", "eager", "fair", "fast", "fine", "fond", "glad", "grand", "happy", "keen", "kind",
      "lively", "lucky", "merry", "mild", "neat", "nimble", "noble", "plucky", "proud", "quick", "quiet", "rapid",
      "ready", "sharp", "shy", "sleek", "smart", "snug", "solid", "spry", "steady", "still", "sunny", "swift", "tidy",
      "vivid", "warm", "wise", "witty", "zesty");
  private static final List<String> BIRDS = List.of("auk", "crane", "crow", "dove", "eagle", "egret", "finch",
      "gull", "hawk", "heron", "ibis", "jay", "kestrel", "kite", "lark", "loon", "magpie", "merlin", "owl", "plover",
      "puffin", "quail", "raven", "robin", "rook", "shrike", "snipe", "sparrow", "stork", "swallow", "swan", "swift",
      "teal", "tern", "thrush", "wren");

  private RunNames() {}

  /**
   * Checks a name given by the user: a word of letters, digits, '.', '_' and '-', not already a
   * run's name or id.
   */
  public static String check(String name, Collection<RunRecord> runs) {
    if (!NAME.matcher(name).matches()) {
      throw new BadArgumentException("bad run name '" + name + "'",
          "a name starts with a letter or digit and holds letters, digits, '.', '_' and '-' (at most 64)");
    }
    for (RunRecord r : runs) {
      if (name.equals(r.name()) || name.equals(r.id())) {
        throw new BadArgumentException("run name '" + name + "' is taken by run " + r.id(),
            "choose another name, or mlctl exp remove " + name);
      }
    }
    return name;
  }

  /** A new readable name that no run has yet ({@code brisk-lark}, or {@code brisk-lark-2} once they run out). */
  public static String generate(Collection<RunRecord> runs) {
    Set<String> taken = new HashSet<>();
    runs.forEach(r -> {
      taken.add(r.id());
      if (r.name() != null) {
        taken.add(r.name());
      }
    });
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; ; attempt++) {
      String base = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + BIRDS.get(random.nextInt(BIRDS.size()));
      String name = attempt < 50 ? base : base + "-" + (attempt / 50 + 1);
      if (!taken.contains(name)) {
        return name;
      }
    }
  }
}
