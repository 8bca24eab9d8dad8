package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.dvc.DvcImport;
import io.mlctl.core.dvc.DvcImportResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl import-dvc}. */
@Command(name = "import-dvc", mixinStandardHelpOptions = true,
    description = {"Turn a DVC project into an mlctl project, in place.",
        "In PATH (default: here), .dvc files become pointers, dvc.yaml and dvc.lock become mlctl.yaml and mlctl.lock,"
            + " and the data they name goes into mlctl's cache under SHA-256.",
        "DVC's files, cache and remotes are left as they are; files mlctl already has are never overwritten, so it "
        + "is safe to run again. Exit 1 when something could not be converted (listed)."})
public final class ImportDvcCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..1", description = "The DVC project's folder (the one holding .dvc/).")
  String path;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Path dir = path == null ? out.globals().workDir() : out.globals().workDir().resolve(path);
    DvcImportResult r = new DvcImport(dir, Clock.systemUTC(), out.globals().env()).call();
    if (out.json()) {
      out.json(json(r));
      return r.complete() ? ExitCodes.OK : ExitCodes.NO;
    }
    if (r.initialised()) {
      out.println("Initialised mlctl project in " + dir.toAbsolutePath().normalize());
    }
    for (DvcImportResult.Converted c : r.converted()) {
      String verb = switch (c.state()) {
        case CONVERTED -> "Converted";
        case UNCHANGED -> "Unchanged";
        case KEPT -> "Kept";
      };
      out.println(verb + " " + c.source() + " -> " + c.target() + (c.note() == null ? "" : " (" + c.note() + ")"));
    }
    if (r.complete()) {
      out.println("Everything converted. DVC's files, cache and remotes are left as they were.");
      return ExitCodes.OK;
    }
    out.println("Could not convert:");
    for (DvcImportResult.NotConverted n : r.notConverted()) {
      out.println("  " + n.source() + ": " + n.what() + ": " + n.reason());
    }
    out.error(r.notConverted().size() + (r.notConverted().size() == 1 ? " item" : " items") + " could not be converted",
        "everything else was; see the list above");
    return ExitCodes.NO;
  }

  private static Map<String, Object> json(DvcImportResult r) {
    List<Map<String, Object>> converted = new ArrayList<>();
    for (DvcImportResult.Converted c : r.converted()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", snake(c.kind()));
      m.put("from", c.source());
      m.put("to", c.target());
      m.put("state", snake(c.state()));
      m.put("note", c.note());
      converted.add(m);
    }
    List<Map<String, Object>> notConverted = new ArrayList<>();
    for (DvcImportResult.NotConverted n : r.notConverted()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", snake(n.kind()));
      m.put("from", n.source());
      m.put("what", n.what());
      m.put("reason", n.reason());
      notConverted.add(m);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("initialised", r.initialised());
    doc.put("converted", converted);
    doc.put("not_converted", notConverted);
    return doc;
  }

  private static String snake(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
