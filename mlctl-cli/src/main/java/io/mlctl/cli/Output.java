package io.mlctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where a command writes: text for people on stdout (silenced by {@code -q}), one JSON document
 * with {@code --json}, notes on stderr. Jackson is loaded only when JSON is asked for.
 */
public final class Output {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Globals globals;

  private Output(PrintWriter out, PrintWriter err, Globals globals) {
    this.out = out;
    this.err = err;
    this.globals = globals;
  }

  public static Output of(CommandSpec spec, Globals globals) {
    return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), globals);
  }

  /** For a command run without picocli ({@link PlainCommand}). */
  public static Output of(PrintWriter out, PrintWriter err, Globals globals) {
    return new Output(out, err, globals);
  }

  public boolean json() {
    return globals.json();
  }

  /** A line of the command's answer: printed unless {@code -q} or {@code --json}. */
  public void println(String line) {
    if (!globals.quiet() && !globals.json()) {
      out.println(withoutTrailingSpaces(line));
    }
  }

  /**
   * A line of an answer the user asked for (a table of runs, metrics, versions): printed unless
   * {@code --json}, also under {@code -q}, which silences chatter, not answers.
   */
  public void answer(String line) {
    if (!globals.json()) {
      out.println(withoutTrailingSpaces(line));
    }
  }

  // Padding for columns leaves spaces at the end of a short last column: nobody wants them.
  static String withoutTrailingSpaces(String text) {
    if (text.indexOf(' ') < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        b.append('\n');
      }
      b.append(lines[i].stripTrailing());
    }
    return b.toString();
  }

  /** A line of advice or progress for a person: stderr, unless {@code -q}. */
  public void note(String line) {
    if (!globals.quiet()) {
      err.println(line);
      err.flush();
    }
  }

  /** An error line in the contract's form; printed even with -q. */
  public void error(String what, String hint) {
    ExitCodes.printError(err, what, hint);
    err.flush();
  }

  /** The whole answer as one JSON document on stdout. */
  public void json(Object doc) {
    try {
      out.println(Json.MAPPER.writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output", e);
    }
  }

  /** Opens the project the run works in; a write that must wait for the lock says so here. */
  public io.mlctl.core.repo.Project openProject() {
    return io.mlctl.core.repo.Project.open(globals.workDir(), java.time.Clock.systemUTC(), globals.env())
        .onLockWait(pid -> note("mlctl: waiting for the repository lock held by "
            + (pid > 0 ? "PID " + pid : "another mlctl process") + "..."));
  }

  public Globals globals() {
    return globals;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** Holder so the mapper is built on first use. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}
