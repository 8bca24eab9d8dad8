package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.validate.Validate;
import io.mlctl.core.validate.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl validate}: exit 0 when the data meets the schema, 1 when a rule fails. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check a CSV file (or a server's request log) against a schema.",
        "The rules: types, nulls, ranges, allowed values, uniqueness, patterns and the row count. Exits 1 when a rule"
            + " fails, listing each with example lines."})
public final class ValidateCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DATA", description = "A CSV file with a header, or a request-log folder such as .mlctl/serve/.")
  String data;

  @Option(names = "--schema", required = true, paramLabel = "FILE", description = "The schema (see mlctl schema infer).")
  String schema;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    Path in = w.path(data);
    Path s = w.path(schema);
    ValidationReport r = new Validate().call(in, w.shown(in), s, w.shown(s));
    if (out.json()) {
      out.json(json(r));
    } else if (r.valid()) {
      out.println(r.file() + ": " + io.mlctl.cli.Colors.of(out).good("valid") + " (" + Words.count(r.rows(), "row") + ").");
    } else {
      out.println(r.file() + ": " + io.mlctl.cli.Colors.of(out).bad(r.violations().size() + (r.violations().size() == 1 ? " rule fails" : " rules fail"))
          + " in " + Words.count(r.rows(), "row"));
      for (ValidationReport.Violation v : r.violations()) {
        out.println("  " + line(v));
      }
    }
    return r.valid() ? ExitCodes.OK : ExitCodes.NO;
  }

  static String line(ValidationReport.Violation v) {
    String rule = switch (v.rule()) {
      case "exists" -> "column '" + v.column() + "' is missing from the data";
      case "extra_column" -> "column '" + v.column() + "' is not in the schema";
      case "rows" -> "row count " + v.count() + " is outside " + range(v.expected());
      default -> "column '" + v.column() + "': " + v.rule() + " " + expected(v) + ": " + v.count() + " of " + v.checked() + " values fail";
    };
    StringBuilder sb = new StringBuilder(rule);
    if (v.mostly() < 1.0) {
      sb.append(" (mostly ").append(v.mostly()).append(")");
    }
    String sep = v.examples().size() == 1 ? "; line " : "; lines ";
    for (ValidationReport.Example e : v.examples()) {
      sb.append(sep).append(e.line()).append(": '").append(e.value()).append('\'');
      sep = ", ";
    }
    return sb.toString();
  }

  private static String expected(ValidationReport.Violation v) {
    return switch (v.rule()) {
      case "nullable" -> "false";
      case "unique" -> "true";
      case "allowed" -> v.expected().toString();
      case "pattern" -> "'" + v.expected() + "'";
      default -> number(v.expected());
    };
  }

  private static String number(Object o) {
    return o instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : String.valueOf(o);
  }

  private static String range(Object expected) {
    Map<?, ?> m = (Map<?, ?>) expected;
    return "[" + (m.get("min") == null ? "" : m.get("min")) + ", " + (m.get("max") == null ? "" : m.get("max")) + "]";
  }

  static Map<String, Object> json(ValidationReport r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("valid", r.valid());
    doc.put("data", r.file());
    doc.put("rows", r.rows());
    List<Map<String, Object>> vs = new ArrayList<>();
    for (ValidationReport.Violation v : r.violations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("column", v.column());
      m.put("rule", v.rule());
      m.put("expected", v.expected());
      m.put("mostly", v.mostly());
      m.put("count", v.count());
      m.put("checked", v.checked());
      List<Map<String, Object>> ex = new ArrayList<>();
      for (ValidationReport.Example e : v.examples()) {
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("line", e.line());
        em.put("value", e.value());
        ex.add(em);
      }
      m.put("examples", ex);
      vs.add(m);
    }
    doc.put("violations", vs);
    return doc;
  }
}
