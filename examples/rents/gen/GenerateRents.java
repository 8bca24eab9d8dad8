import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Random;

/**
 * Writes made-up flat listings as CSV: {@code java gen/GenerateRents.java --rows N --seed S
 * --noise EUR --out FILE}. The same arguments always give the same bytes.
 *
 * <p>Each row is a flat in one of four districts: its floor area, rooms, the building's age, the
 * distance to the nearest station and the monthly rent. The rent is a known sum (a base per
 * district, so much per square metre, less for age and distance, more for a balcony) plus
 * normally distributed noise of standard deviation {@code --noise}: a linear model can find the
 * sum, and no model can predict the noise.
 */
public final class GenerateRents {
  public static void main(String[] args) throws IOException {
    int rows = 1000;
    long seed = 1;
    double noise = 60;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--noise" -> noise = Double.parseDouble(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null || rows < 1 || noise < 0) {
      System.err.println("usage: java gen/GenerateRents.java --rows N --seed S --noise EUR --out FILE");
      System.exit(2);
    }
    Random random = new Random(seed);
    String[] districts = {"centre", "riverside", "university", "suburbs"};
    double[] base = {420, 330, 280, 150};
    StringBuilder csv = new StringBuilder("district,area_m2,rooms,age_years,station_km,balcony,rent_eur\n");
    for (int r = 0; r < rows; r++) {
      int d = random.nextInt(districts.length);
      double area = Math.round(Math.max(18, 35 + 55 * random.nextDouble() + 15 * random.nextGaussian()));
      int rooms = (int) Math.max(1, Math.min(6, Math.round(area / 25 + 0.6 * random.nextGaussian())));
      int age = random.nextInt(120);
      double station = Math.max(0.1, (d == 3 ? 3.5 : 1.2) * Math.abs(random.nextGaussian()) + 0.1);
      String balcony = random.nextDouble() < 0.4 ? "yes" : "no";
      double rent = base[d] + 11.5 * area + 35 * rooms - 1.8 * age - 45 * station
          + (balcony.equals("yes") ? 60 : 0) + noise * random.nextGaussian();
      csv.append(String.format(Locale.ROOT, "%s,%.0f,%d,%d,%.2f,%s,%.0f\n",
          districts[d], area, rooms, age, station, balcony, rent));
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    // Written whole, then renamed: a reader never sees half the listings.
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gen-", ".csv");
    Files.writeString(tmp, csv.toString());
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
