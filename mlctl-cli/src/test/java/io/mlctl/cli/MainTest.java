package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.Version;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The root command: version, help, usage errors, the error format and --debug. */
class MainTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"--version", "-V"})
  void version_printsNameAndVersion(String flag) {
    Cli.Result r = Cli.run(flag);
    assertEquals(0, r.code());
    assertEquals("mlctl " + Version.get() + "\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void version_isTheBuildsVersionNotUnknown() {
    assertTrue(Version.get().matches("\\d+\\.\\d+\\.\\d+.*"), Version.get());
  }

  @Test
  void version_withGlobalOptionBeforeIt_printsVersion() {
    Cli.Result r = Cli.run("-C", tmp.toString(), "--version");
    assertEquals(0, r.code());
    assertEquals("mlctl " + Version.get() + "\n", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void help_listsCommandsOnStdout(String flag) {
    Cli.Result r = Cli.run(flag);
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("Usage: mlctl "), r.out());
    for (String command : new String[] {"init", "config", "status", "help"}) {
      assertTrue(r.out().contains("\n  " + command + " "), command + " missing from\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void help_forOneCommand_showsItsOptions() {
    Cli.Result r = Cli.run("init", "--help");
    assertEquals(0, r.code(), r::toString);
    assertTrue(r.out().startsWith("Usage: mlctl init "), r.out());
    assertTrue(r.out().contains("--no-git"), r.out());
    assertTrue(r.out().contains("--force"), r.out());
  }

  @Test
  void noArguments_printsUsageOnStderrAndExits2() {
    Cli.Result r = Cli.run();
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("Usage: mlctl "), r.err());
  }

  @Test
  void unknownCommand_exits2NamingIt() {
    // One edit from exactly one command, so the suggestion does not hang on the list's order.
    String line = Cli.run("servee").errorLine(2);
    assertEquals("mlctl: error: unknown command 'servee' (did you mean 'serve'?)", line);
  }

  @Test
  void unknownCommand_closeToARealOne_suggestsIt() {
    String line = Cli.run("stauts").errorLine(2);
    assertEquals("mlctl: error: unknown command 'stauts' (did you mean 'status'?)", line);
  }

  @Test
  void unknownCommand_afterGlobalOptions_exits2() {
    String line = Cli.run("-C", tmp.toString(), "--json", "driftt").errorLine(2);
    assertEquals("mlctl: error: unknown command 'driftt' (did you mean 'drift'?)", line);
  }

  @Test
  void unknownOption_exits2NamingIt() {
    String line = Cli.run("--frobnicate").errorLine(2);
    assertEquals("mlctl: error: unknown option: '--frobnicate' (see 'mlctl --help')", line);
  }

  @Test
  void unknownOptionOfSubcommand_exits2PointingAtItsHelp() {
    String line = Cli.run("status", "--frobnicate").errorLine(2);
    assertEquals("mlctl: error: unknown option: '--frobnicate' (see 'mlctl status --help')", line);
  }

  @Test
  void missingParameter_exits2() {
    String line = Cli.run("config", "set", "core.lock_wait").errorLine(2);
    assertEquals("mlctl: error: missing required parameter: 'VALUE' (see 'mlctl config set --help')", line);
  }

  @Test
  void optionMissingItsValue_exits2() {
    String line = Cli.run("status", "-C").errorLine(2);
    assertEquals("mlctl: error: missing required parameter for option '-C' (DIR) (see 'mlctl status --help')", line);
  }

  @Test
  void error_withoutDebug_hasNoStackTrace() {
    String line = Cli.in(tmp, "status").errorLine(3);
    assertEquals("mlctl: error: not an mlctl project (or any of the parent directories): " + tmp
        + " (run 'mlctl init' in the Git work tree first)", line);
  }

  @Test
  void error_withDebugFlag_addsStackTraceOnStderr() {
    Cli.Result r = Cli.in(tmp, "status", "--debug");
    assertEquals(3, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("mlctl: error: not an mlctl project (or any of the parent directories): " + tmp + " "), r.err());
    assertTrue(r.err().contains("io.mlctl.core.NotAProjectException"), r.err());
    assertTrue(r.err().contains("\tat io.mlctl."), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true"})
  void error_withMlctlDebugEnv_addsStackTrace(String value) {
    Cli.Result r = Cli.run(Map.of("MLCTL_DEBUG", value), "-C", tmp.toString(), "status");
    assertEquals(3, r.code());
    assertTrue(r.err().startsWith("mlctl: error: not an mlctl project (or any of the parent directories): " + tmp + " "), r.err());
    assertTrue(r.err().contains("\tat io.mlctl."), r.err());
  }

  @Test
  void error_withMlctlDebugEnvZero_hasNoStackTrace() {
    Cli.Result r = Cli.run(Map.of("MLCTL_DEBUG", "0"), "-C", tmp.toString(), "status");
    assertTrue(r.errorLine(3).contains(": " + tmp + " "), r.err());
  }

  @Test
  void usageError_withDebug_addsStackTrace() {
    Cli.Result r = Cli.run("--debug", "status", "--frobnicate");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("mlctl: error: unknown option: '--frobnicate' (see 'mlctl status --help')\n"), r.err());
    assertTrue(r.err().contains("\tat picocli."), r.err());
  }

  @Test
  void globalOptions_areAcceptedBeforeAndAfterTheCommand() {
    Path dir = Cli.project(tmp.resolve("p"));
    assertEquals(0, Cli.run("-C", dir.toString(), "status").code());
    assertEquals(0, Cli.run("status", "-C", dir.toString()).code());
    assertEquals(0, Cli.run("-q", "status", "--no-color", "--no-progress", "-v", "-C", dir.toString()).code());
  }

  @Test
  void quiet_printsNothingOnSuccess() {
    Path dir = Cli.project(tmp.resolve("p"));
    Cli.Result r = Cli.in(dir, "-q", "status");
    assertEquals(0, r.code());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }
}
