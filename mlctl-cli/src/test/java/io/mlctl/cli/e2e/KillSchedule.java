package io.mlctl.cli.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Where the crash tests kill their child mlctl processes: a seeded generator of kill points, so a
 * failing point can be replayed exactly with {@code -Dmlctl.crash.seed=SEED}.
 *
 * <p>The seed defaults to a fixed value (every build kills at the same points);
 * {@code -Dmlctl.crash.seed=random} draws a new one, which every test name and failure message
 * carries. {@code -Dmlctl.crash.scale=N} multiplies the number of points per command (the
 * {@code crash-long} Maven profile sets it to 5). Each command draws from a generator of its own,
 * seeded from the seed and the command's name, so adding points to one command moves no other.
 */
final class KillSchedule {
  static final long DEFAULT_SEED = 0x6d6c63746cL;

  private static final long SEED = seed(System.getProperty("mlctl.crash.seed", ""));
  private static final int SCALE = Math.max(1, Integer.getInteger("mlctl.crash.scale", 1));

  private KillSchedule() {}

  static long seed() {
    return SEED;
  }

  static int scale() {
    return SCALE;
  }

  private static long seed(String property) {
    if (property.isBlank()) {
      return DEFAULT_SEED;
    }
    if (property.equals("random")) {
      return new Random().nextLong() & Long.MAX_VALUE;
    }
    return Long.decode(property.trim());
  }

  /** The generator of one command's points: the same for the same seed and command. */
  static Random random(String command) {
    return new Random(SEED * 31 + command.hashCode());
  }

  /**
   * {@code perCommand} points (times the scale) drawn for {@code command}, in order. The first
   * few always cover each kind the draw knows, the rest are drawn at random.
   */
  static <T> List<T> points(String command, int perCommand, Function<Random, T> draw) {
    Random r = random(command);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < perCommand * SCALE; i++) {
      out.add(draw.apply(r));
    }
    return out;
  }

  /** What a failure message says so the run can be replayed. */
  static String replay() {
    return "replay with -Dmlctl.crash.seed=" + SEED + (SCALE > 1 ? " -Dmlctl.crash.scale=" + SCALE : "");
  }
}
