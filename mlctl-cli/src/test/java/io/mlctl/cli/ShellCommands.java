package io.mlctl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the mlctl command lines in CI files: the shell scripts under {@code run:} (GitHub Actions)
 * and {@code script:}, {@code before_script:}, {@code after_script:} (GitLab CI), split the way a
 * POSIX shell splits them. It reads the subset of sh a CI script uses: quotes, {@code \}
 * continuations, comments, {@code ; && || | &}, {@code $( )} and {@code ( )}, redirections, and the
 * words {@code if then else elif fi while until do done ! { }} and {@code NAME=value} before a
 * command; {@code $VAR} and GitHub's {@code ${{ expr }}} stay as written. A word naming
 * {@code mlctl} (or {@code .../mlctl}) as the command starts an mlctl command line.
 */
final class ShellCommands {
  /** Keys whose values are shell scripts. */
  static final Set<String> SCRIPT_KEYS = Set.of("run", "script", "before_script", "after_script");

  private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "while", "until", "do", "done",
      "!", "{", "}", "time", "exec");

  /**
   * One mlctl command line found in a file.
   *
   * @param where the path of keys to the script it is in, e.g. {@code jobs.pipeline.steps[3].run}
   * @param args the arguments after {@code mlctl}, quotes removed
   */
  record Found(String where, List<String> args) {
    @Override
    public String toString() {
      return where + ": mlctl " + String.join(" ", args);
    }
  }

  private ShellCommands() {}

  /** Every script in a parsed YAML document, with where it is. */
  static List<Found> inDocument(Object doc) {
    List<Found> out = new ArrayList<>();
    walk(doc, "", out);
    return out;
  }

  private static void walk(Object node, String where, List<Found> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        String here = where.isEmpty() ? key : where + "." + key;
        if (SCRIPT_KEYS.contains(key)) {
          scripts(e.getValue(), here, out);
        } else {
          walk(e.getValue(), here, out);
        }
      }
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walk(l.get(i), where + "[" + i + "]", out);
      }
    }
  }

  private static void scripts(Object value, String where, List<Found> out) {
    if (value instanceof String s) {
      for (List<String> args : mlctlCommands(s)) {
        out.add(new Found(where, args));
      }
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        scripts(l.get(i), where + "[" + i + "]", out);
      }
    }
  }

  /** The arguments of each mlctl command in a shell script, in order. */
  static List<List<String>> mlctlCommands(String script) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> command : simpleCommands(script)) {
      int i = 0;
      while (i < command.size() && (KEYWORDS.contains(command.get(i)) || command.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
        i++;
      }
      if (i < command.size() && (command.get(i).equals("mlctl") || command.get(i).endsWith("/mlctl"))) {
        out.add(List.copyOf(command.subList(i + 1, command.size())));
      }
    }
    return out;
  }

  /** The script's simple commands: its words, split at operators, without redirections. */
  static List<List<String>> simpleCommands(String script) {
    return new Splitter(script.replace("\\\r\n", "").replace("\\\n", "")).split();
  }

  /** One pass over a script, word by word. */
  private static final class Splitter {
    private final String s;
    private final List<List<String>> commands = new ArrayList<>();
    private List<String> words = new ArrayList<>();
    private StringBuilder word;
    private boolean dropNextWord;
    private int i;

    Splitter(String s) {
      this.s = s;
    }

    List<List<String>> split() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\'' ) {
          int end = s.indexOf('\'', i + 1);
          require(end >= 0, "unclosed single quote");
          word().append(s, i + 1, end);
          i = end + 1;
        } else if (c == '"') {
          doubleQuoted();
        } else if (s.startsWith("${{", i)) {
          expression();
        } else if (c == '\\' && i + 1 < s.length()) {
          word().append(s.charAt(i + 1));
          i += 2;
        } else if (c == '#' && word == null) {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (c == ' ' || c == '\t') {
          endWord();
          i++;
        } else if (c == '>' || c == '<') {
          redirection();
        } else if (c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')' || c == '`') {
          endCommand();
          i++;
        } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
          endCommand();
          i += 2;
        } else {
          word().append(c);
          i++;
        }
      }
      endCommand();
      return commands;
    }

    private void doubleQuoted() {
      StringBuilder w = word();
      i++;
      while (true) {
        require(i < s.length(), "unclosed double quote");
        char c = s.charAt(i);
        if (c == '"') {
          i++;
          return;
        }
        if (c == '\\' && i + 1 < s.length() && "$`\"\\\n".indexOf(s.charAt(i + 1)) >= 0) {
          w.append(s.charAt(i + 1));
          i += 2;
        } else if (s.startsWith("${{", i)) {
          expression();
        } else {
          w.append(c);
          i++;
        }
      }
    }

    /** GitHub's {@code ${{ ... }}}, replaced before the shell runs: one piece of a word, spaces and all. */
    private void expression() {
      int end = s.indexOf("}}", i);
      require(end >= 0, "unclosed ${{");
      word().append(s, i, end + 2);
      i = end + 2;
    }

    /** {@code >}, {@code >>}, {@code <}, {@code 2>}, {@code &>}, {@code 2>&1}: dropped with their target. */
    private void redirection() {
      if (word != null && word.toString().matches("\\d+")) {
        word = null;
      }
      endWord();
      i++;
      if (i < s.length() && (s.charAt(i) == '>' || s.charAt(i) == '<')) {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '&') {
        i++;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
          i++;
        }
        return;
      }
      dropNextWord = true;
    }

    private StringBuilder word() {
      if (word == null) {
        word = new StringBuilder();
      }
      return word;
    }

    private void endWord() {
      if (word != null) {
        if (dropNextWord) {
          dropNextWord = false;
        } else {
          words.add(word.toString());
        }
        word = null;
      }
    }

    private void endCommand() {
      endWord();
      if (!words.isEmpty()) {
        commands.add(words);
      }
      words = new ArrayList<>();
    }

    private void require(boolean ok, String what) {
      if (!ok) {
        throw new IllegalArgumentException(what + " at offset " + i + " of: " + s);
      }
    }
  }
}
