package io.mlctl.cli.help;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every mlctl command's {@code --help} reads: usage, description, arguments, options, the
 * command's own subcommands, notes, exit status, examples and related commands, in that order and
 * the same for every command. Text is wrapped at spaces only ({@link Wrap}), and continuation lines
 * are indented under the text they continue. The sections are picocli section renderers, so
 * {@code --help}, {@code mlctl help COMMAND} and usage printed on a missing subcommand all agree.
 */
public final class HelpLayout {
  /** The width help is wrapped to; a terminal is at least this wide. */
  public static final int WIDTH = 80;
  /** The widest left column (option names, argument labels, command names) before text goes beside it. */
  private static final int MAX_COLUMN = 28;

  private static final Map<Integer, String> EXIT_CODES = new LinkedHashMap<>();

  static {
    EXIT_CODES.put(0, "Success.");
    EXIT_CODES.put(2, "Usage: an unknown command or option, or a bad argument.");
    EXIT_CODES.put(3, "Bad input: a malformed file, an unknown name, a path outside the work tree, or not an mlctl project.");
    EXIT_CODES.put(4, "The repository is locked by another mlctl process.");
    EXIT_CODES.put(5, "An I/O, disk or remote failure.");
  }

  private static final List<String> SECTIONS = List.of("usage", "description", "arguments", "options", "commands",
      "notes", "exit", "examples", "see");

  /**
   * One section of the help. A class rather than a lambda per section: every picocli run attaches
   * the layout, and spinning up lambdas costs a cold JVM more than the help ever will.
   */
  private static final class Section implements IHelpSectionRenderer {
    private final String key;

    Section(String key) {
      this.key = key;
    }

    @Override
    public String render(Help help) {
      CommandSpec spec = help.commandSpec();
      switch (key) {
        case "usage": return usage(help);
        case "description": return description(spec);
        case "arguments": return arguments(help);
        case "options": return options(help);
        case "commands": return commands(spec);
        case "notes": return notes(spec);
        case "exit": return exitStatus(spec);
        case "examples": return examples(spec);
        case "see": return seeAlso(spec);
        default: throw new IllegalStateException(key);
      }
    }
  }

  private static final Map<String, IHelpSectionRenderer> RENDERERS = new LinkedHashMap<>();

  static {
    for (String key : SECTIONS) {
      RENDERERS.put(key, new Section(key));
    }
  }

  private HelpLayout() {}

  /** Gives {@code root} and every command below it this layout. Cheap: nothing is read until help is shown. */
  public static CommandLine attach(CommandLine root) {
    attach(root, new IdentityHashMap<>());
    return root;
  }

  private static void attach(CommandLine cmd, Map<CommandLine, Boolean> done) {
    if (done.put(cmd, Boolean.TRUE) != null) {
      return;
    }
    UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
    usage.width(WIDTH);
    usage.sectionKeys(SECTIONS);
    usage.sectionMap(new LinkedHashMap<>(RENDERERS));
    for (CommandLine sub : cmd.getSubcommands().values()) {
      attach(sub, done);
    }
  }

  /** The command path after {@code mlctl}: "" for mlctl itself, "exp run" for {@code mlctl exp run}. */
  public static String path(CommandSpec spec) {
    String q = spec.qualifiedName(" ");
    int space = q.indexOf(' ');
    return space < 0 ? "" : q.substring(space + 1);
  }

  /** The one-line summary a command list shows: the header if set, else the description's first line. */
  public static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] lines = header.length > 0 ? header : spec.usageMessage().description();
    return lines.length == 0 ? "" : text(lines[0]);
  }

  /** The exit codes a command's help lists, with the meaning of 1 when the command has one. */
  public static Map<String, String> exitCodes(CommandSpec spec) {
    Map<String, String> codes = new LinkedHashMap<>();
    String no = HelpPages.of(path(spec)).exitNo();
    for (Map.Entry<Integer, String> e : EXIT_CODES.entrySet()) {
      codes.put(String.valueOf(e.getKey()), e.getValue());
      if (e.getKey() == 0 && no != null) {
        codes.put("1", no);
      }
    }
    return codes;
  }

  private static String usage(Help help) {
    CommandSpec spec = help.commandSpec();
    List<String> words = new ArrayList<>();
    words.add("[OPTIONS]");
    for (OptionSpec o : spec.options()) {
      if (o.required() && !o.hidden()) {
        words.add(o.longestName() + label(help, o) + (o.isMultiValue() ? "..." : ""));
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        words.add(label(help, p));
      }
    }
    if (!spec.subcommands().isEmpty()) {
      words.add("COMMAND");
    }
    String lead = "Usage: " + spec.qualifiedName(" ") + " ";
    StringBuilder out = new StringBuilder(lead);
    for (String line : Wrap.fill(String.join(" ", words), WIDTH, lead.length(), lead.length())) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private static String description(CommandSpec spec) {
    StringBuilder out = new StringBuilder("\n");
    for (String line : spec.usageMessage().description()) {
      for (String part : text(line).split("\n", -1)) {
        if (part.isBlank()) {
          out.append('\n');
        } else {
          Wrap.paragraph(out, part, WIDTH, 0, 0);
        }
      }
    }
    return out.length() == 1 ? "" : out.toString();
  }

  private static String arguments(Help help) {
    List<PositionalParamSpec> params = new ArrayList<>();
    for (PositionalParamSpec p : help.commandSpec().positionalParameters()) {
      if (!p.hidden()) {
        params.add(p);
      }
    }
    if (params.isEmpty()) {
      return "";
    }
    Map<String, String> rows = new LinkedHashMap<>();
    for (PositionalParamSpec p : params) {
      rows.put("  " + label(help, p), describe(p));
    }
    return "\nArguments:\n" + table(rows);
  }

  private static String options(Help help) {
    CommandSpec spec = help.commandSpec();
    Set<String> global = globalNames(spec);
    List<OptionSpec> own = new ArrayList<>();
    List<OptionSpec> shared = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        (global.contains(o.longestName()) ? shared : own).add(o);
      }
    }
    Comparator<OptionSpec> byName = Comparator.comparing(o -> o.shortestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT));
    own.sort(byName);
    shared.sort(byName);
    StringBuilder out = new StringBuilder();
    if (!own.isEmpty()) {
      out.append("\nOptions:\n").append(table(optionRows(help, own)));
    }
    if (spec.parent() == null) {
      out.append("\nGlobal options (every command takes them):\n").append(table(optionRows(help, shared)));
    } else if (!shared.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (OptionSpec o : shared) {
        names.add(o.shortestName() + (o.arity().max() > 0 ? " " + o.paramLabel() : ""));
      }
      out.append("\nGlobal options: ");
      for (String line : Wrap.fill(String.join(", ", names) + " (see 'mlctl --help').", WIDTH, 16, 2)) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static Map<String, String> optionRows(Help help, List<OptionSpec> options) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (OptionSpec o : options) {
      List<String> names = new ArrayList<>(List.of(o.names()));
      // Short names first, long ones in the order the command gives them (its preferred spelling first).
      names.sort(Comparator.comparing((String n) -> n.startsWith("--")));
      String first = names.get(0);
      String left = first.startsWith("--") ? "      " : "  ";
      left += String.join(", ", names) + label(help, o);
      rows.put(left, describe(o));
    }
    return rows;
  }

  private static String commands(CommandSpec spec) {
    Map<String, String> rows = new LinkedHashMap<>();
    Set<CommandSpec> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (CommandLine sub : spec.subcommands().values()) {
      CommandSpec s = sub.getCommandSpec();
      if (seen.add(s) && !s.usageMessage().hidden()) {
        rows.put("  " + s.name(), summary(s));
      }
    }
    return rows.isEmpty() ? "" : "\nCommands:\n" + table(rows);
  }

  private static String notes(CommandSpec spec) {
    String[] footer = spec.usageMessage().footer();
    if (footer.length == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String line : footer) {
      for (String part : text(line).split("\n", -1)) {
        if (part.isBlank()) {
          out.append('\n');
          continue;
        }
        int indent = part.length() - part.stripLeading().length();
        Wrap.paragraph(out, part.strip(), WIDTH, indent, 2);
      }
    }
    String s = out.toString();
    return s.startsWith("\n") ? s : "\n" + s;
  }

  private static String exitStatus(CommandSpec spec) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : exitCodes(spec).entrySet()) {
      rows.put("  " + e.getKey(), e.getValue());
    }
    return "\nExit status:\n" + table(rows);
  }

  private static String examples(CommandSpec spec) {
    List<HelpPages.Example> examples = HelpPages.of(path(spec)).examples();
    if (examples.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\nExamples:\n");
    for (HelpPages.Example e : examples) {
      if (!e.comment().isEmpty()) {
        Wrap.paragraph(out, "# " + e.comment(), WIDTH, 2, 2);
      }
      out.append("  ").append(e.command()).append('\n');
    }
    return out.toString();
  }

  private static String seeAlso(CommandSpec spec) {
    List<String> see = HelpPages.of(path(spec)).seeAlso();
    if (see.isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    for (String s : see) {
      names.add("mlctl " + s);
    }
    StringBuilder out = new StringBuilder("\nSee also:\n");
    Wrap.paragraph(out, String.join(", ", names) + ".", WIDTH, 2, 0);
    return out.toString();
  }

  /** Rows of a two-column list, the text column placed after the widest left cell that fits. */
  private static String table(Map<String, String> rows) {
    int column = 0;
    for (String left : rows.keySet()) {
      if (left.length() + 2 <= MAX_COLUMN) {
        column = Math.max(column, left.length() + 2);
      }
    }
    column = Math.max(column, 5);
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : rows.entrySet()) {
      Wrap.row(out, e.getKey(), e.getValue(), WIDTH, column);
    }
    return out.toString();
  }

  private static Set<String> globalNames(CommandSpec spec) {
    Set<String> names = new HashSet<>();
    for (OptionSpec o : spec.root().options()) {
      names.add(o.longestName());
    }
    return names;
  }

  private static String label(Help help, ArgSpec arg) {
    return help.parameterLabelRenderer().renderParameterLabel(arg, Ansi.OFF, List.of()).plainString();
  }

  private static String describe(ArgSpec arg) {
    List<String> parts = new ArrayList<>();
    for (String d : arg.description()) {
      parts.add(text(d));
    }
    return String.join(" ", parts).replace('\n', ' ');
  }

  /** A description line as shown: picocli's {@code %n} is a line break, {@code %%} a percent sign. */
  static String text(String line) {
    return line.replace("%n", "\n").replace("%%", "%");
  }
}
