package io.mlctl.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.cli.e2e.CliRepo.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pointers written by hand or by a hostile commit: nothing outside the work tree is ever written. */
class PointerSafetyEndToEndTest {
  @TempDir
  Path dir;

  private CliRepo repo;
  private String hash;
  private Path outside;

  /** A tracked file whose object is in the cache, so a bad pointer has real bytes to write. */
  @BeforeEach
  void setUp() throws IOException {
    repo = CliRepo.init(dir.resolve("repo"));
    outside = Files.createDirectories(dir.resolve("outside"));
    repo.write("data/raw.csv", "1,2\n");
    repo.ok("add", "data/raw.csv");
    hash = repo.read("data/raw.csv.mlctl").lines().filter(l -> l.startsWith("  sha256: ")).findFirst()
        .orElseThrow().substring("  sha256: ".length());
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private String pointer(String path) {
    return "outs:\n- path: " + path + "\n  sha256: " + hash + "\n  size: 4\n";
  }

  private List<String> outsideFiles() throws IOException {
    try (Stream<Path> s = Files.walk(outside)) {
      return s.filter(p -> !p.equals(outside)).map(Path::toString).toList();
    }
  }

  @Test
  void pointerNamingDotDot_exits3AndWritesNothing() throws IOException {
    repo.write("data/evil.mlctl", pointer("../../outside/x.csv"));

    for (List<String> args : List.of(List.of("checkout"), List.of("checkout", "--force"), List.of("status"),
        List.of("checkout", "data/evil.mlctl"))) {
      Run r = repo.run(args.toArray(String[]::new));
      assertEquals(3, r.code(), args + "\n" + r);
      assertTrue(r.err().startsWith("mlctl: error: data/evil.mlctl:2:9: "), r.err());
    }
    assertEquals(List.of(), outsideFiles());
    assertFalse(Files.exists(dir.resolve("x.csv")));
  }

  @Test
  void pointerNamingAnAbsolutePath_exits3AndWritesNothing() throws IOException {
    Path target = outside.resolve("abs.csv");
    repo.write("data/evil.mlctl", pointer(target.toString()));

    Run r = repo.run("checkout", "--force");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: data/evil.mlctl:2:9: "), r.err());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), outsideFiles());
  }

  @Test
  void manifestNamingDotDot_exits3AndWritesNothing() throws IOException {
    // A hand-made manifest object (named by its hash, so the cache accepts it) listing '../x'.
    String manifest = "[{\"path\":\"../../outside/m.csv\",\"sha256\":\"" + hash + "\",\"size\":4}]";
    Path m = repo.write("m.json", manifest);
    String mhash = io.mlctl.core.store.Sha256.of(Files.readAllBytes(m));
    Files.createDirectories(repo.object(mhash).getParent());
    Files.move(m, repo.object(mhash));
    repo.write("images.mlctl", "outs:\n- path: images\n  kind: dir\n  sha256: " + mhash + "\n  size: 4\n  nfiles: 1\n");

    Run r = repo.run("checkout", "--force", "images");

    assertEquals(3, r.code(), r.toString());
    assertEquals(List.of(), outsideFiles());
    assertFalse(repo.exists("images"));
  }

  @Test
  void pointerWhoseFolderIsASymlinkLeavingTheWorkTree_exits3AndWritesNothing() throws IOException {
    // The pointer sits in the work tree; the folder its output is in leads out of it.
    Files.createSymbolicLink(repo.path("link"), outside);
    repo.write("link.mlctl", "outs:\n- path: link\n  kind: dir\n  sha256: " + hash + "\n  size: 4\n  nfiles: 1\n");
    repo.write("escape.mlctl", pointer("link/escaped.csv"));

    for (List<String> args : List.of(List.of("checkout", "--force"), List.of("status"),
        List.of("checkout", "--force", "escape.mlctl"), List.of("checkout", "--force", "link"))) {
      Run r = repo.run(args.toArray(String[]::new));
      assertEquals(3, r.code(), args + "\n" + r);
      assertTrue(r.err().contains("leaves the work tree through a symlink"), r.err());
    }
    assertEquals(List.of(), outsideFiles());
  }

  @Test
  void pointerInsideASymlinkedFolderLeavingTheWorkTree_exits3AndWritesNothing() throws IOException {
    Files.createSymbolicLink(repo.path("linked"), outside);
    Files.writeString(outside.resolve("y.csv.mlctl"), pointer("y.csv"));

    Run r = repo.run("checkout", "--force", "linked/y.csv");

    assertEquals(3, r.code(), r.toString());
    assertFalse(Files.exists(outside.resolve("y.csv")));
    assertEquals(List.of(outside.resolve("y.csv.mlctl").toString()), outsideFiles());
  }

  @Test
  void add_throughASymlinkLeavingTheWorkTree_exits3AndWritesNothing() throws IOException {
    Files.createSymbolicLink(repo.path("linked"), outside);
    Files.writeString(outside.resolve("secret.csv"), "s\n");

    Run r = repo.run("add", "linked/secret.csv");

    assertEquals(3, r.code(), r.toString());
    assertEquals(List.of(outside.resolve("secret.csv").toString()), outsideFiles());
    assertFalse(repo.exists("linked.mlctl"));
  }

  /** An object in the cache holding what an attacker wants in a Git or mlctl file, and its hash. */
  private String hostileObject(String text) throws IOException {
    Path f = repo.write("hostile.tmp", text);
    String h = io.mlctl.core.store.Sha256.of(Files.readAllBytes(f));
    Files.createDirectories(repo.object(h).getParent());
    Files.move(f, repo.object(h));
    return h;
  }

  private String pointer(String path, String sha, long size) {
    return "outs:\n- path: " + path + "\n  sha256: " + sha + "\n  size: " + size + "\n";
  }

  @Test
  void pointerNamingGitConfig_isRefusedByCheckoutForce_andGitConfigIsUnchanged() throws IOException {
    String evil = "[core]\n\tfsmonitor = \"touch PWNED\"\n";
    String h = hostileObject(evil);
    String before = repo.read(".git/config");
    repo.write("evil.mlctl", pointer(".git/config", h, evil.length()));

    Run r = repo.run("checkout", "--force");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: evil.mlctl:2:9: path '.git/config' names a Git folder ('.git')"), r.err());
    assertEquals(before, repo.read(".git/config"));
  }

  @Test
  void pointerNamingAGitHook_isRefusedByPlainCheckout_andNoHookIsWritten() throws IOException {
    String h = hostileObject("#!/bin/sh\ntouch PWNED\n");
    for (String path : List.of(".git/hooks/pre-commit", ".GIT/hooks/pre-commit", ".git./hooks/pre-commit", "git~1/hooks/pre-commit")) {
      repo.write("evil.mlctl", pointer(path, h, 21));

      Run r = repo.run("checkout");

      assertEquals(3, r.code(), path + "\n" + r);
      assertTrue(r.err().startsWith("mlctl: error: evil.mlctl:2:9: path '" + path + "'"), r.err());
      assertFalse(r.out().contains("Restored"), r.out());
    }
    assertFalse(repo.exists(".git/hooks/pre-commit"));
  }

  @Test
  void pointerNamingMlctlsConfig_isRefused_andTheConfigIsUnchanged() throws IOException {
    String evil = "core:\n  remote: evil\n";
    String h = hostileObject(evil);
    String before = repo.read(".mlctl/config.yaml");
    repo.write("evil.mlctl", pointer(".mlctl/config.yaml", h, evil.length()));

    Run r = repo.run("checkout", "--force");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: evil.mlctl: path '.mlctl/config.yaml' lies inside mlctl's own folder"), r.err());
    assertEquals(before, repo.read(".mlctl/config.yaml"));
  }

  @Test
  void manifestEntryNamingAGitFolder_isRefused_andNothingIsWrittenThere() throws IOException {
    String h = hostileObject("[core]\n\tfsmonitor = \"touch PWNED\"\n");
    String mhash = hostileObject("[{\"path\":\".git/config\",\"sha256\":\"" + h + "\",\"size\":31}]");
    repo.write("images.mlctl", "outs:\n- path: images\n  kind: dir\n  sha256: " + mhash + "\n  size: 31\n  nfiles: 1\n");

    Run r = repo.run("checkout", "--force", "images");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains("'.git/config' names a Git folder"), r.err());
    assertFalse(repo.exists("images/.git/config"));
  }

  // Every command that reads a path from a pointer or a manifest refuses a path into .git.
  @Test
  void everyCommandReadingPointers_refusesAGitPath() throws IOException {
    repo.ok("remote", "add", "-d", "store", dir.resolve("remote").toString());
    repo.ok("push");
    String h = hostileObject("[core]\n\tfsmonitor = \"touch PWNED\"\n");
    String before = repo.read(".git/config");
    repo.write("evil.mlctl", pointer(".git/config", h, 31));
    String mhash = hostileObject("[{\"path\":\".Git/config\",\"sha256\":\"" + h + "\",\"size\":31}]");
    repo.write("images.mlctl", "outs:\n- path: images\n  kind: dir\n  sha256: " + mhash + "\n  size: 31\n  nfiles: 1\n");

    for (List<String> args : List.of(List.of("checkout"), List.of("checkout", "--force"), List.of("status"),
        List.of("pull"), List.of("fetch"), List.of("push"), List.of("checkout", "--force", "images"),
        List.of("pull", "images"), List.of("fetch", "images"))) {
      Run r = repo.run(args.toArray(String[]::new));
      assertEquals(3, r.code(), args + "\n" + r);
      assertTrue(r.err().contains("Git folder"), args + ": " + r.err());
    }
    assertEquals(before, repo.read(".git/config"));
    assertFalse(repo.exists("images/.Git/config"));
  }

  @Test
  void malformedPointerYaml_exits3NamingFileLineAndColumn() {
    repo.write("data/raw.csv.mlctl", "outs:\n- path: raw.csv\n  sha256: " + hash + "\n\tsize: 4\n");

    for (String cmd : List.of("status", "checkout", "add")) {
      Run r = cmd.equals("add") ? repo.run("add", "data/raw.csv") : repo.run(cmd);
      assertEquals(3, r.code(), cmd + "\n" + r);
      assertTrue(r.err().startsWith("mlctl: error: data/raw.csv.mlctl:4:1: malformed YAML"), cmd + ": " + r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace");
    }
  }

  @Test
  void pointerWithABadHash_exits3NamingFileLineAndColumn() {
    repo.write("data/raw.csv.mlctl", "outs:\n- path: raw.csv\n  sha256: nothex\n  size: 4\n");

    Run r = repo.run("status");

    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().startsWith("mlctl: error: data/raw.csv.mlctl:3:11: "), r.err());
  }
}
