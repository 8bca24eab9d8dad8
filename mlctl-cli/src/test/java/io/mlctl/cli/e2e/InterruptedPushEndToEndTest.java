package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a push killed mid-copy leaves on a folder remote (a hidden {@code .HASH.tmp-RANDOM} beside
 * the object's place): the next push removes it once nobody has written it for a while,
 * {@code status -r} shows the rest, and {@code gc -r} removes them.
 */
final class InterruptedPushEndToEndTest {
  @TempDir
  Path tmp;

  CliProject a;
  Path remote;
  String hash;

  @BeforeEach
  void project() {
    a = CliProject.init(tmp.resolve("a"));
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    a.write("data/big.bin", data);
    a.ok("add", "data/big.bin");
    remote = tmp.resolve("remote");
    a.ok("remote", "add", "origin", remote.toString());
    String pointer = a.read("data/big.bin.mlctl");
    int at = pointer.indexOf("sha256: ");
    hash = pointer.substring(at + 8, at + 8 + 64);
  }

  /** A temporary file named as an upload to {@code rel} names it, {@code size} bytes, last written {@code age} ago. */
  private String leftover(String rel, String random, int size, Duration age) throws IOException {
    Path place = remote.resolve(rel);
    Path tmpFile = place.resolveSibling("." + place.getFileName() + ".tmp-" + random);
    Files.createDirectories(tmpFile.getParent());
    Files.write(tmpFile, new byte[size]);
    Files.setLastModifiedTime(tmpFile, FileTime.from(Instant.now().minus(age)));
    return remote.relativize(tmpFile).toString();
  }

  private String objectPath(String h) {
    return "sha256/" + h.substring(0, 2) + "/" + h.substring(2);
  }

  private static List<String> paths(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.has("path") ? n.get("path").asText() : n.asText()));
    return out;
  }

  @Test
  void theNextPushRemovesAKilledPushsLeftover_statusShowsTheRest_andGcRemovesThem() throws IOException {
    // A push killed 20 minutes ago half-way through the object, and one sending it right now.
    String killed = leftover(objectPath(hash), "5e1f00d2c3b4a596", 190_000, Duration.ofMinutes(20));
    String live = leftover(objectPath(hash), "77aa", 1000, Duration.ofSeconds(2));

    CliProject.Run push = a.ok("push");

    assertFalse(Files.exists(remote.resolve(killed)), "the killed push's temporary file is still there");
    assertTrue(Files.exists(remote.resolve(live)), "a live push's temporary file was removed");
    assertTrue(Files.isRegularFile(remote.resolve(objectPath(hash))));
    assertTrue(push.err().contains("Removed 1 temporary file (185.5 KiB) that an interrupted push left on remote 'origin'"),
        push.toString());

    // Elsewhere on the remote, where this push sent nothing: only status and gc look there.
    String elsewhere = leftover("sha256/00/" + "1".repeat(62), "0123", 4096, Duration.ofMinutes(5));
    a.write("data/more.txt", "more\n");
    a.ok("add", "data/more.txt");
    JsonNode pushed = a.json("push", "data/more.txt");
    assertEquals(List.of(), paths(pushed.get("leftovers_removed")));
    assertTrue(Files.exists(remote.resolve(elsewhere)));

    CliProject.Run status = a.ok("status", "-r", "origin");
    assertTrue(status.out().contains("Cache and remote 'origin' are in sync."), status.toString());
    assertTrue(status.out().contains("temporary:     " + elsewhere + " (4.0 KiB, last written 5 min ago)"), status.toString());
    assertTrue(status.out().contains("temporary:     " + live + " (1000 B, last written less than a minute ago)"),
        status.toString());
    assertTrue(status.err().contains("'mlctl gc -r origin' removes those no push is writing now"), status.toString());
    JsonNode statusJson = a.json("status", "-r", "origin");
    assertEquals(List.of(elsewhere, live), paths(statusJson.get("leftovers")));
    assertEquals(4096, statusJson.get("leftovers").get(0).get("size").asLong());

    CliProject.Run dry = a.ok("gc", "-r", "origin", "--dry-run");
    assertTrue(dry.out().contains("would remove " + elsewhere), dry.toString());
    assertTrue(dry.out().contains("Would remove 1 temporary file (4.0 KiB) that interrupted pushes left on remote 'origin';"
        + " kept 1 written to in the last minute, which a push running now may still be sending."), dry.toString());
    assertTrue(Files.exists(remote.resolve(elsewhere)));

    JsonNode gc = a.json("gc", "-r", "origin");
    assertEquals(List.of(elsewhere), paths(gc.get("removed")));
    assertEquals(List.of(live), paths(gc.get("kept")));
    assertEquals(4096, gc.get("bytes").asLong());
    assertFalse(Files.exists(remote.resolve(elsewhere)));
    assertTrue(Files.exists(remote.resolve(live)));
    // The objects are the remote's data: gc -r never touches them, nor the cache.
    assertTrue(Files.isRegularFile(remote.resolve(objectPath(hash))));
    assertTrue(Files.isRegularFile(a.object(hash)));
    assertEquals(List.of(live), paths(a.json("status", "-r", "origin").get("leftovers")));
  }

  @Test
  void gcOfARemote_withAllCommits_isAUsageError_andAnUnknownRemoteIsBadInput() {
    CliProject.Run both = a.run("gc", "-r", "origin", "--all-commits");
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("mlctl: error: --all-commits does not apply to a remote (-r)"), both.toString());

    CliProject.Run unknown = a.run("gc", "-r", "nosuch");
    assertEquals(3, unknown.code(), unknown.toString());
    assertTrue(unknown.err().contains("nosuch"), unknown.toString());
  }
}
