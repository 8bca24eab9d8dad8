package io.mlctl.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big files are hashed by openssl where one is installed, and here whenever it cannot tell. The
 * digests of 64 MiB of zeros come from Python's hashlib ({@code golden.py}, as in FastHashTest).
 */
class OpensslHashTest {
  private static final String ZEROS_64MIB = "3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351";
  private static final String ZEROS_64MIB_LESS_1 = "db1c8b00542f319ab452fcf272ff7b9013a1751e1e05c73bf64c4521f2baee63";

  @TempDir
  Path tmp;

  private Path sparse(String name, long size) throws Exception {
    Path file = tmp.resolve(name);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  /** Runs {@code work} with {@code -Dmlctl.openssl} set to {@code value}. */
  private static <T> T withOpenssl(String value, Callable<T> work) throws Exception {
    String before = System.getProperty("mlctl.openssl");
    System.setProperty("mlctl.openssl", value);
    try {
      return work.call();
    } finally {
      if (before == null) {
        System.clearProperty("mlctl.openssl");
      } else {
        System.setProperty("mlctl.openssl", before);
      }
    }
  }

  /** A stand-in for openssl: a shell script with the given body. */
  private Path script(String name, String body) throws Exception {
    Path s = tmp.resolve(name);
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  @Test
  void aBigFile_isHashedByTheInstalledOpenssl_andEveryByteIsCounted() throws Exception {
    Optional<Path> installed = OpensslHash.search(System.getenv("PATH"));
    assumeTrue(installed.isPresent(), "no openssl on PATH");
    Path big = sparse("big.bin", OpensslHash.MIN_SIZE);
    int before = OpensslHash.started();
    List<Long> counts = new ArrayList<>();

    String hash = withOpenssl(installed.get().toString(),
        () -> io.mlctl.core.util.ByteMeter.counting(counts::add, () -> Sha256.of(big)));

    assertEquals(ZEROS_64MIB, hash);
    assertEquals(before + 1, OpensslHash.started());
    assertEquals(64L << 20, counts.stream().mapToLong(Long::longValue).sum(), "the bar gets the file's size once");
  }

  @Test
  void onlyFilesFromItsSizeOn_goToOpenssl() throws Exception {
    assertEquals(64L << 20, OpensslHash.MIN_SIZE);
    assertTrue(OpensslHash.worthIt(OpensslHash.MIN_SIZE));
    assertTrue(!OpensslHash.worthIt(OpensslHash.MIN_SIZE - 1));
    Path counting = script("openssl", "echo x >> \"$0.calls\"; echo " + ZEROS_64MIB_LESS_1 + " '*stdin'");
    Path smaller = sparse("smaller.bin", OpensslHash.MIN_SIZE - 1);

    assertEquals(ZEROS_64MIB_LESS_1, withOpenssl(counting.toString(), () -> Sha256.of(smaller)));
    assertTrue(Files.notExists(tmp.resolve("openssl.calls")), "a file below 64 MiB is hashed here");
  }

  @Test
  void whateverOpensslGetsWrong_theFileIsHashedHere() throws Exception {
    Path big = sparse("big.bin", OpensslHash.MIN_SIZE);
    for (String body : List.of(
        "exit 1",                                                       // fails
        "echo 'dgst: unknown option'",                                  // prints no hash
        "echo " + ZEROS_64MIB.toUpperCase(java.util.Locale.ROOT) + " '*stdin'", // not mlctl's form
        "echo " + ZEROS_64MIB + " '*stdin'; echo " + ZEROS_64MIB,       // two lines
        "echo " + ZEROS_64MIB + " '*stdin'; exit 3",                    // a hash, but a failure
        "kill -9 $$")) {                                                // killed
      Path fake = script("openssl-" + Integer.toHexString(body.hashCode()), body);
      int before = OpensslHash.started();
      assertNull(withOpenssl(fake.toString(), () -> OpensslHash.of(big, OpensslHash.MIN_SIZE)), body);
      assertEquals(before + 1, OpensslHash.started(), body);
      assertEquals(ZEROS_64MIB, withOpenssl(fake.toString(), () -> Sha256.of(big)), body);
    }
  }

  @Test
  void theFileIsTheChildsStandardInput() throws Exception {
    Path big = sparse("big.bin", OpensslHash.MIN_SIZE);
    // A stand-in that hashes what it reads: sha256sum over stdin prints "HASH  -".
    Path viaStdin = script("openssl", "exec sha256sum");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/sha256sum")), "no sha256sum");

    assertEquals(ZEROS_64MIB, withOpenssl(viaStdin.toString(), () -> OpensslHash.of(big, OpensslHash.MIN_SIZE)));
  }

  @Test
  void noneOrAMissingCommand_meansNoOpenssl() throws Exception {
    Path big = sparse("big.bin", OpensslHash.MIN_SIZE);
    int before = OpensslHash.started();
    assertEquals(Optional.empty(), withOpenssl("none", OpensslHash::command));
    assertEquals(Optional.empty(), withOpenssl(tmp.resolve("nowhere").toString(), OpensslHash::command));
    assertNull(withOpenssl("none", () -> OpensslHash.of(big, OpensslHash.MIN_SIZE)));
    assertEquals(ZEROS_64MIB, withOpenssl("none", () -> Sha256.of(big)));
    assertEquals(before, OpensslHash.started());
  }

  @Test
  void search_takesTheFirstExecutableOpensslOnThePath() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Path c = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(a.resolve("openssl"), "not executable");
    Files.setPosixFilePermissions(a.resolve("openssl"), PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(b.resolve("openssl")); // a folder of that name
    Files.writeString(c.resolve("openssl"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(c.resolve("openssl"), PosixFilePermissions.fromString("rwx------"));

    assertEquals(Optional.of(c.resolve("openssl")), OpensslHash.search("::" + a + ":" + b + ":" + c));
    assertEquals(Optional.empty(), OpensslHash.search(a + ":" + b));
    assertEquals(Optional.empty(), OpensslHash.search(null));
  }

  @Test
  void parse_takesOneLineWhoseFirstWordIsAHash() {
    assertEquals(ZEROS_64MIB, OpensslHash.parse(ZEROS_64MIB + " *stdin"));
    assertEquals(ZEROS_64MIB, OpensslHash.parse(ZEROS_64MIB));
    assertNull(OpensslHash.parse(""));
    assertNull(OpensslHash.parse("SHA2-256(stdin)= " + ZEROS_64MIB));
    assertNull(OpensslHash.parse(ZEROS_64MIB + " *stdin\n" + ZEROS_64MIB + " *stdin"));
    assertNull(OpensslHash.parse(ZEROS_64MIB.substring(1) + " *stdin"));
  }

  @Test
  void readPosition_readsThePosLineOfAnFdinfoFile() throws Exception {
    Path fdinfo = Files.writeString(tmp.resolve("0"), "pos:\t1234567\nflags:\t0100000\nmnt_id:\t29\n");
    assertEquals(1234567, OpensslHash.readPosition(fdinfo));
    assertEquals(-1, OpensslHash.readPosition(Files.writeString(tmp.resolve("1"), "flags:\t0100000\n")));
    assertEquals(-1, OpensslHash.readPosition(tmp.resolve("gone")));
    assertEquals(-1, OpensslHash.readPosition(Files.writeString(tmp.resolve("2"), "pos:\tmany\n")));
  }
}
