package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Data and checks the crash and concurrency tests share. */
final class CrashFixtures {
  private CrashFixtures() {}

  /** A sparse file of {@code size} bytes whose first 64 KiB are random from {@code seed}: quick to make, unique. */
  static void bigFile(Path f, long size, long seed) {
    try {
      Files.createDirectories(f.getParent());
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(size);
        byte[] block = new byte[64 << 10];
        new Random(seed).nextBytes(block);
        raf.write(block);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small file of random bytes from {@code seed}. */
  static void smallFile(Path f, int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    try {
      Files.createDirectories(f.getParent());
      Files.write(f, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cache's object folder of the project at {@code root}. */
  static Path cache(Path root) {
    return root.resolve(".mlctl/cache/sha256");
  }

  /** {@code status --check} finds nothing to report: data and stages match the pointers and the lock. */
  static void assertInSync(Path root) {
    CliProject.Run status = CliProject.at(root).run("status", "--check");
    assertEquals(0, status.code(), status.toString());
  }

  static String hash(Path f) {
    try {
      return Sha256.of(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where object {@code hash} lives in a store with the cache's layout ({@code .mlctl/cache/sha256} or a remote). */
  static Path object(Path store, String hash) {
    return store.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  static List<Path> objects(Path store, List<String> hashes) {
    return hashes.stream().map(h -> object(store, h)).toList();
  }

  /** Every file of a store with the cache's layout hashes to its name; temporary files are skipped. */
  static void assertStoreIntact(Path store, String context) {
    if (!Files.isDirectory(store)) {
      return;
    }
    try (Stream<Path> s = Files.walk(store, 2)) {
      for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String name = p.getParent().getFileName().toString() + p.getFileName();
        if (name.length() == 64 && !p.getFileName().toString().startsWith(".")) {
          assertEquals(name, Sha256.of(p), "object " + name + " is damaged after " + context);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Temporary siblings ({@code .NAME.mlctl-tmp-…}) anywhere in the work tree, outside {@code .mlctl}. */
  static List<String> tempSiblings(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().matches("^\\..+\\.mlctl-tmp-.*"))
          .map(p -> root.relativize(p).toString()).filter(r -> !r.startsWith(".mlctl/")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file is absent or holds exactly {@code expected}: never a part of it under its real name. */
  static void assertAbsentOrWhole(Path f, byte[] expected, String context) {
    if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      byte[] now = Files.readAllBytes(f);
      if (!java.util.Arrays.equals(expected, now)) {
        fail(f.getFileName() + " holds " + now.length + " bytes that are not the " + expected.length + " it should after " + context);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a tree, links as links. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a tree, read-only files and folders included. */
  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          dir.toFile().setWritable(true, true);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path f) {
    try {
      return new ArrayList<>(Files.readAllLines(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
