package io.mlctl.cli.docs;

import io.mlctl.cli.CommandTree;
import java.io.File;
import java.io.IOException;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool: writes the man-page sources (AsciiDoc, one per command) of the whole command tree
 * into a folder; the build turns them into troff pages.
 */
public final class GenerateManPages {
  private GenerateManPages() {}

  public static void main(String[] args) throws IOException {
    File out = new File(args[0]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IOException("cannot create " + out);
    }
    ManPageGenerator.generateManPage(out, null, new boolean[1], true, CommandTree.full().getCommandSpec());
  }
}
