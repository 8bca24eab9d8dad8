package io.mlctl.cli.docs;

import io.mlctl.cli.CommandTree;
import io.mlctl.cli.help.HelpLayout;
import io.mlctl.cli.help.HelpPages;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool: writes the man-page sources (AsciiDoc, one per command) of the whole command tree
 * into a folder; the build turns them into troff pages. The pages come from the same specs as
 * {@code --help}: picocli writes name, synopsis, description, options, arguments, commands and
 * exit status; the command's notes, examples and related commands ({@link HelpPages}) are written
 * here in place of picocli's single footer section.
 */
public final class GenerateManPages {
  private static final String FOOTER_START = "// tag::picocli-generated-man-section-footer[]";
  private static final String FOOTER_END = "// end::picocli-generated-man-section-footer[]";

  private GenerateManPages() {}

  public static void main(String[] args) throws IOException {
    File out = new File(args[0]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IOException("cannot create " + out);
    }
    CommandLine root = CommandTree.full();
    List<CommandSpec> specs = new ArrayList<>();
    collect(root, specs, new IdentityHashMap<>());
    Map<CommandSpec, String[]> notes = new IdentityHashMap<>();
    for (CommandSpec spec : specs) {
      spec.usageMessage().exitCodeListHeading("Exit status");
      spec.usageMessage().exitCodeList(HelpLayout.exitCodes(spec));
      notes.put(spec, spec.usageMessage().footer());
      spec.usageMessage().footer(new String[0]);
    }
    ManPageGenerator.generateManPage(out, null, new boolean[1], true, root.getCommandSpec());
    for (CommandSpec spec : specs) {
      Path page = out.toPath().resolve(spec.qualifiedName("-") + ".adoc");
      String text = Files.readString(page, StandardCharsets.UTF_8);
      int start = text.indexOf(FOOTER_START);
      int end = text.indexOf(FOOTER_END);
      if (start < 0 || end < 0) {
        throw new IOException(page + " has no footer section to replace");
      }
      String sections = FOOTER_START + "\n" + sections(spec, notes.get(spec));
      Files.writeString(page, text.substring(0, start) + sections + text.substring(end), StandardCharsets.UTF_8);
    }
  }

  private static void collect(CommandLine cmd, List<CommandSpec> specs, Map<CommandLine, Boolean> seen) {
    if (seen.put(cmd, Boolean.TRUE) != null || cmd.getCommandSpec().usageMessage().hidden()) {
      return;  // picocli writes no page for a hidden command
    }
    specs.add(cmd.getCommandSpec());
    for (CommandLine sub : cmd.getSubcommands().values()) {
      collect(sub, specs, seen);
    }
  }

  /** The Notes, Examples and See also sections of one page. */
  static String sections(CommandSpec spec, String[] footer) {
    StringBuilder b = new StringBuilder();
    if (footer.length > 0) {
      b.append("== Notes\n\n....\n");
      for (String line : footer) {
        b.append(line.replace("%n", "\n").replace("%%", "%").strip()).append('\n');
      }
      b.append("....\n\n");
    }
    HelpPages.Page page = HelpPages.of(HelpLayout.path(spec));
    if (!page.examples().isEmpty()) {
      b.append("== Examples\n\n");
      for (HelpPages.Example e : page.examples()) {
        if (!e.comment().isEmpty()) {
          b.append(e.comment()).append(":\n\n");
        }
        b.append("----\n").append(e.command()).append("\n----\n\n");
      }
    }
    if (!page.seeAlso().isEmpty()) {
      b.append("== See also\n\n");
      List<String> refs = new ArrayList<>();
      for (String s : page.seeAlso()) {
        refs.add("*mlctl-" + s.replace(' ', '-') + "*(1)");
      }
      b.append(String.join(", ", refs)).append("\n\n");
    }
    return b.toString();
  }
}
