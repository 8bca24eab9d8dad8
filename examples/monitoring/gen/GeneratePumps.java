import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Random;

/**
 * Writes one week of pump sensor readings as CSV: {@code java gen/GeneratePumps.java --week 1|2
 * --rows N --seed S --out FILE}. The same arguments always give the same bytes.
 *
 * <p>Each row is one pump's reading on one of three production lines: the load it ran at, its
 * temperature and vibration, and whether it failed within the day. Failures come from the
 * physical temperature and vibration, which grow with load. In week 2 a new sensor kit reads the
 * temperature 8 degrees high and the vibration 40% high, and a heat wave raises the load: the
 * same physics, but readings a week-1 model misreads.
 */
public final class GeneratePumps {
  public static void main(String[] args) throws IOException {
    int week = 1;
    int rows = 1000;
    long seed = 1;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--week" -> week = Integer.parseInt(args[i + 1]);
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null || (week != 1 && week != 2) || rows < 1) {
      System.err.println("usage: java gen/GeneratePumps.java --week 1|2 --rows N --seed S --out FILE");
      System.exit(2);
    }
    // Each week its own stream: week 2 is not week 1's rows shifted, but new pumps on new days.
    Random random = new Random(seed * 31 + week);
    String[] lines = {"A", "B", "C"};
    StringBuilder csv = new StringBuilder("line,load_pct,temperature_c,vibration_mm_s,status\n");
    for (int r = 0; r < rows; r++) {
      String line = lines[random.nextInt(lines.length)];
      double load = clamp((week == 1 ? 60 : 72) + 12 * random.nextGaussian(), 10, 100);
      double temperature = 42 + 0.35 * load + (line.equals("C") ? 3 : 0) + 4 * random.nextGaussian();
      double vibration = Math.max(0.2, 1.2 + 0.045 * load + 0.7 * random.nextGaussian());
      double risk = (temperature - 68) / 3.0 + (vibration - 4.2) / 0.5 + 0.3 * random.nextGaussian();
      String status = risk > 0 ? "fail" : "ok";
      double readTemperature = week == 1 ? temperature : temperature + 8;
      double readVibration = week == 1 ? vibration : vibration * 1.4;
      csv.append(String.format(Locale.ROOT, "%s,%.1f,%.1f,%.2f,%s\n", line, load, readTemperature, readVibration, status));
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    // Written whole, then renamed: a reader never sees half a week.
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gen-", ".csv");
    Files.writeString(tmp, csv.toString());
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
