package io.mlctl.core.doctor;

import io.mlctl.core.io.IoReasons;
import io.mlctl.core.store.Cloner;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tries each way the cache can place a file ({@code reflink}, {@code hardlink}, {@code symlink},
 * {@code copy}) on a scratch file in a folder of its own under {@code .mlctl/tmp/}, checks the
 * result reads back the same bytes, and removes the folder, whatever happened.
 */
final class LinkProbe {
  /** The cache link types in the order {@code cache.type} may name them. */
  static final List<String> TYPES = List.of("reflink", "hardlink", "symlink", "copy");

  private static final byte[] BYTES = "mlctl doctor scratch file\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private LinkProbe() {}

  /** One result per type, in {@link #TYPES} order. */
  static List<DoctorReport.LinkCheck> run(Path tmp) {
    Path dir;
    try {
      Files.createDirectories(tmp);
      dir = Files.createTempDirectory(tmp, "doctor-");
    } catch (IOException e) {
      String why = "cannot make a scratch folder in " + tmp + ": " + IoReasons.of(e);
      return TYPES.stream().map(t -> new DoctorReport.LinkCheck(t, false, why)).toList();
    }
    try {
      Path source = Files.write(dir.resolve("source"), BYTES);
      List<DoctorReport.LinkCheck> out = new ArrayList<>();
      for (String type : TYPES) {
        out.add(probe(type, source, dir.resolve(type)));
      }
      return out;
    } catch (IOException e) {
      String why = "cannot write a scratch file in " + dir + ": " + IoReasons.of(e);
      return TYPES.stream().map(t -> new DoctorReport.LinkCheck(t, false, why)).toList();
    } finally {
      deleteTree(dir);
    }
  }

  private static DoctorReport.LinkCheck probe(String type, Path source, Path target) {
    try {
      switch (type) {
        case "reflink" -> {
          if (source.getFileSystem() != FileSystems.getDefault() || !Cloner.CP.cloneTo(source, target)) {
            return new DoctorReport.LinkCheck(type, false, "this file system cannot clone files (cp --reflink=always fails)");
          }
        }
        case "hardlink" -> Files.createLink(target, source);
        case "symlink" -> Files.createSymbolicLink(target, source.toAbsolutePath());
        default -> Files.copy(source, target);
      }
      if (!Arrays.equals(BYTES, Files.readAllBytes(target))) {
        return new DoctorReport.LinkCheck(type, false, "the " + type + " reads back different bytes");
      }
      return new DoctorReport.LinkCheck(type, true, null);
    } catch (IOException | UnsupportedOperationException e) {
      String why = e instanceof IOException io ? IoReasons.of(io) : "not supported by this file system";
      return new DoctorReport.LinkCheck(type, false, why);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // a scratch folder left in .mlctl/tmp costs a few bytes; it never holds anything mlctl reads
    }
  }
}
