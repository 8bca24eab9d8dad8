package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The POSIX sh scripts shipped in the distribution: they must parse in a strict POSIX shell and
 * use nothing that only bash has. (Running the built launcher is bench/startup.sh's job: the dist
 * folder does not exist yet when tests run.)
 */
class LauncherScriptTest {
  static final Path LAUNCHER = Path.of("src/main/dist/bin/mlctl");
  static final Path MAKE_CDS = Path.of("src/main/dist/lib/make-cds.sh");

  /** Constructs bash, ksh or zsh accept and a POSIX sh (dash) does not, each with why. */
  private static final List<Bashism> BASHISMS = List.of(
      new Bashism("\\[\\[", "[[ ]] test"),
      new Bashism("^\\s*function\\s", "'function' keyword"),
      new Bashism("\\[\\s[^]]*\\s==\\s", "== inside [ ]"),
      new Bashism("\\$'", "$'...' quoting"),
      new Bashism("<<<", "here-string"),
      new Bashism("&>|>&\\s*[A-Za-z/]|\\|&", "&> or |& redirection"),
      new Bashism("\\$\\{[A-Za-z_][A-Za-z0-9_]*:\\s*-?[0-9]", "${var:offset} substring"),
      new Bashism("\\$\\{[A-Za-z_][A-Za-z0-9_]*//?[^}]", "${var/a/b} substitution"),
      new Bashism("\\$\\{[!]", "${!var} indirection"),
      new Bashism("\\[@\\]|\\[\\*\\]|^\\s*[A-Za-z_][A-Za-z0-9_]*=\\(", "arrays"),
      new Bashism("(^\\s*|[;&|({]\\s*)(source|declare|typeset|local|shopt|pushd|popd|let|readarray|mapfile)\\s",
          "bash builtin"),
      new Bashism("(^\\s*|[;&|({]\\s*)echo\\s+-[neE]+\\s", "echo with options"),
      new Bashism("(^\\s*|[;&|({]\\s*)read\\s+(-r\\s+)?-[^r\\s]", "read options other than -r"),
      new Bashism("^\\s*\\(\\(|[^$]\\(\\(\\s*[A-Za-z_]", "(( )) arithmetic command"),
      new Bashism("\\$(RANDOM|BASH\\w*|SECONDS|PIPESTATUS|EUID|UID|HOSTNAME|OSTYPE)\\b", "bash variable"),
      new Bashism("pipefail|\\bERR\\b\\s*$", "pipefail or ERR trap"));

  record Bashism(Pattern pattern, String what) {
    Bashism(String regex, String what) {
      this(Pattern.compile(regex), what);
    }
  }

  /** Lines of code with comments removed: a '#' starting a word begins one. */
  static List<String> code(String script) {
    List<String> lines = new ArrayList<>();
    for (String line : script.split("\n", -1)) {
      lines.add(line.replaceAll("(^|\\s)#.*$", ""));
    }
    return lines;
  }

  /** Each line that uses a bashism, as "LINE: WHAT: TEXT". */
  static List<String> bashisms(String script) {
    List<String> found = new ArrayList<>();
    List<String> lines = code(script);
    for (int i = 0; i < lines.size(); i++) {
      for (Bashism b : BASHISMS) {
        if (b.pattern().matcher(lines.get(i)).find()) {
          found.add((i + 1) + ": " + b.what() + ": " + lines.get(i).strip());
        }
      }
    }
    return found;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "timed out");
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ":\n" + out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/dist/bin/mlctl", "src/main/dist/lib/make-cds.sh"})
  void script_parsesInPosixSh(String file) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "/bin/sh is missing");
    run("/bin/sh", "-n", file);
    if (Files.isExecutable(Path.of("/bin/dash"))) {
      run("/bin/dash", "-n", file);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/dist/bin/mlctl", "src/main/dist/lib/make-cds.sh"})
  void script_hasNoBashisms(String file) throws IOException {
    String script = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    assertEquals(List.of(), bashisms(script), file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/dist/bin/mlctl", "src/main/dist/lib/make-cds.sh"})
  void script_startsWithPosixShebangAndHasUnixLineEnds(String file) throws IOException {
    String script = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    assertTrue(script.startsWith("#!/bin/sh\n"), file);
    assertFalse(script.contains("\r"), file);
  }

  @Test
  void bashisms_detectorFlagsBashOnlyConstructs() {
    String[] bash = {
        "if [[ -n $x ]]; then :; fi", "function f { :; }", "[ \"$a\" == b ]", "x=$'\\n'",
        "cat <<< \"$x\"", "cmd &>/dev/null", "cmd |& tee", "y=${x:0:3}", "y=${x//a/b}", "y=${!name}",
        "arr=(a b)", "echo ${arr[@]}", "source ./env", "  local x=1", "echo -e 'a\\tb'",
        "read -p 'ok? ' answer", "((i++))", "echo $RANDOM", "set -o pipefail"};
    for (String line : bash) {
      assertFalse(bashisms(line).isEmpty(), line);
    }
  }

  @Test
  void bashisms_detectorAcceptsPosixConstructs() {
    String[] posix = {
        "[ \"$a\" = b ] && [ \"$n\" -ge 17 ]", "y=${x:-default}", "y=${x#*-> }", "y=${x%%.*}",
        "n=$((n + 1))", "read -r key value", "while IFS='=' read -r key value; do :; done < f",
        "cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/mlctl", "cmd >/dev/null 2>&1 &",
        "printf '%s\\n' \"$x\"", "echo 'a # not a comment' # a comment with [[ in it",
        "case $word in ''|init) ;; esac", "exec \"$java\" \"$@\""};
    for (String line : posix) {
      assertEquals(List.of(), bashisms(line), line);
    }
  }
}
