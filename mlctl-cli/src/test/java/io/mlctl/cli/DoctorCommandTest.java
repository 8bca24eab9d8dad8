package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlctl doctor}: its output, its JSON, and exit 1 when a check fails. */
class DoctorCommandTest {
  @TempDir
  Path tmp;

  @Test
  void outsideAProject_printsVersions_saysNoProject_andExits0() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    Cli.Result r = Cli.in(empty, "doctor");

    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("mlctl " + Version.get() + "\nJava  " + Runtime.version() + " ("), r.out());
    assertTrue(r.out().contains("\nNo mlctl project here (run 'mlctl init' to make one).\n"), r.out());
    assertTrue(r.out().endsWith("\nAll checks passed.\n"), r.out());
  }

  @Test
  void json_outsideAProject_hasVersionsAndANullProject() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    JsonNode doc = Cli.in(empty, "--json", "doctor").json();

    assertTrue(doc.get("ok").asBoolean());
    assertEquals(Version.get(), doc.get("mlctl").asText());
    assertEquals(Runtime.version().toString(), doc.at("/java/version").asText());
    assertTrue(doc.get("jgit").asText().matches("\\d+\\.\\d+\\..*"), doc.toString());
    assertTrue(doc.get("project").isNull());
    assertTrue(doc.get("problems").isEmpty());
  }

  @Test
  void inAProject_listsLinkTypesRemotesLockAndMonitor() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Path remote = Files.createDirectories(tmp.resolve("remote"));
    assertEquals(0, Cli.in(repo, "remote", "add", "store", remote.toString(), "-q").code());

    Cli.Result text = Cli.in(repo, "doctor");
    JsonNode doc = Cli.in(repo, "--json", "doctor").json();

    assertEquals(0, text.code(), text::toString);
    assertTrue(text.out().contains("\nProject " + repo.toRealPath() + "\n")
        || text.out().contains("\nProject " + repo.toAbsolutePath().normalize() + "\n"), text.out());
    assertTrue(text.out().contains("\n  copy      yes\n"), text.out());
    assertTrue(text.out().contains("  store (default)  " + remote + "  yes"), text.out());
    assertTrue(text.out().contains("\nLock: free\n"), text.out());
    assertTrue(text.out().contains("\nFile-system monitor: off (core.fsmonitor), none running\n"), text.out());
    JsonNode project = doc.get("project");
    assertEquals(List.of("reflink", "copy"), List.of(project.at("/cache_type/0").asText(), project.at("/cache_type/1").asText()));
    assertEquals(4, project.get("links").size());
    assertEquals("copy", project.at("/links/3/type").asText());
    assertTrue(project.at("/links/3/works").asBoolean());
    assertEquals("answers", project.at("/remotes/0/reach").asText());
    assertTrue(project.at("/remotes/0/default").asBoolean());
    assertTrue(project.at("/remotes/0/detail").isNull());
    assertTrue(project.at("/lock/held").isBoolean() && !project.at("/lock/held").asBoolean());
    assertTrue(!project.at("/fsmonitor/running").asBoolean());
    try (Stream<Path> left = Files.list(repo.resolve(".mlctl/tmp"))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("doctor-")), "scratch files removed");
    }
  }

  @Test
  void aRemoteThatDoesNotAnswer_isExit1_namingIt() throws IOException {
    Path repo = Cli.project(tmp.resolve("repo"));
    Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
    assertEquals(0, Cli.in(repo, "remote", "add", "store", notAFolder.toString(), "-q").code());

    Cli.Result r = Cli.in(repo, "doctor");

    assertEquals(1, r.code(), r::toString);
    assertTrue(r.out().contains("\nproblem: remote 'store' does not answer: not a folder\n"), r.out());
    assertTrue(r.out().endsWith("\n1 check failed.\n"), r.out());
    Cli.Result json = Cli.in(repo, "--json", "doctor");
    assertEquals(1, json.code());
    assertTrue(json.out().contains("\"ok\":false") && json.out().contains("\"reach\":\"failed\""), json.out());
  }

  @Test
  void help_statesTheExitCodes() {
    Cli.Result r = Cli.run("doctor", "--help");

    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit 0 when every check passes, 1 when one fails"), r.out());
  }

  @Test
  void anUnknownOption_isExit2() {
    assertEquals(2, Cli.run("doctor", "--fix").code());
  }
}
