package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.doctor.Doctor;
import io.mlctl.core.doctor.DoctorReport;
import io.mlctl.core.doctor.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlctl doctor}. Read-only: never takes the repository lock. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check what mlctl runs on and the project it is in.",
        "Java, Git and mlctl versions, which cache link types work here, whether each remote answers, the repository"
            + " lock and the file-system monitor.",
        "Read-only, and never waits for the repository lock. Outside a project it reports the versions only.",
        "Exit 0 when every check passes, 1 when one fails (a remote that does not answer, no working link type, "
            + "a config that does not parse)."})
public final class DoctorCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    DoctorReport r = new Doctor(out.globals().workDir(), out.globals().env()).call();
    if (out.json()) {
      out.json(json(r));
    } else {
      print(out, r);
    }
    return r.ok() ? ExitCodes.OK : ExitCodes.NO;
  }

  private static void print(Output out, DoctorReport r) {
    Versions v = r.versions();
    out.println("mlctl " + v.mlctl());
    out.println("Java  " + v.java() + " (" + v.javaVendor() + ", " + v.javaHome() + ")");
    out.println("Git   " + v.git().orElse("not found on PATH") + " (JGit " + v.jgit() + ")");
    out.println("OS    " + v.os());
    if (r.project().isEmpty()) {
      out.println("");
      out.println("No mlctl project here (run 'mlctl init' to make one).");
    }
    r.project().ifPresent(p -> printProject(out, p));
    if (!r.warnings().isEmpty() || !r.problems().isEmpty()) {
      out.println("");
    }
    r.warnings().forEach(w -> out.println("warning: " + w));
    r.problems().forEach(p -> out.println("problem: " + p));
    out.println("");
    out.println(r.ok() ? "All checks passed." : r.problems().size() + (r.problems().size() == 1 ? " check" : " checks") + " failed.");
  }

  private static void printProject(Output out, DoctorReport.ProjectHealth p) {
    out.println("");
    out.println("Project " + p.root());
    out.println("Cache links (cache.type " + (p.cacheTypes().isEmpty() ? "unreadable" : String.join(",", p.cacheTypes()))
        + "; in use: " + p.linkInUse().orElse("none") + "):");
    Table links = new Table(List.of("  type", "works", "why not"));
    for (DoctorReport.LinkCheck l : p.links()) {
      links.add(List.of("  " + l.type(), l.works() ? "yes" : "no", l.detail() == null ? "" : l.detail()));
    }
    links.print(out, new Table.Format());
    if (p.remotes().isEmpty()) {
      out.println("Remotes: none configured");
    } else {
      out.println("Remotes:");
      Table remotes = new Table(List.of("  name", "url", "answers", "detail"));
      for (DoctorReport.RemoteCheck c : p.remotes()) {
        remotes.add(List.of("  " + c.name() + (c.isDefault() ? " (default)" : ""), c.url(),
            c.reach() == DoctorReport.Reach.FAILED ? "no" : c.reach() == DoctorReport.Reach.EMPTY ? "empty" : "yes",
            c.detail() == null ? "" : c.detail()));
      }
      remotes.print(out, new Table.Format());
    }
    out.println("Lock: " + p.lockHolder().map(pid -> "held by PID " + pid).orElse("free"));
    out.println("File-system monitor: " + (p.fsmonitorEnabled() ? "on" : "off") + " (core.fsmonitor), "
        + p.fsmonitor().map(i -> "running as PID " + i.pid() + ", " + i.folders() + " folders watched").orElse("none running"));
  }

  static Map<String, Object> json(DoctorReport r) {
    Versions v = r.versions();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", r.ok());
    doc.put("mlctl", v.mlctl());
    Map<String, Object> java = new LinkedHashMap<>();
    java.put("version", v.java());
    java.put("vendor", v.javaVendor());
    java.put("home", v.javaHome());
    doc.put("java", java);
    doc.put("git", v.git().orElse(null));
    doc.put("jgit", v.jgit());
    doc.put("os", v.os());
    doc.put("project", r.project().map(DoctorCommand::json).orElse(null));
    doc.put("problems", r.problems());
    doc.put("warnings", r.warnings());
    return doc;
  }

  private static Map<String, Object> json(DoctorReport.ProjectHealth p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("root", p.root().toString());
    m.put("cache_type", p.cacheTypes());
    m.put("link_in_use", p.linkInUse().orElse(null));
    List<Map<String, Object>> links = new ArrayList<>();
    for (DoctorReport.LinkCheck l : p.links()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("type", l.type());
      one.put("works", l.works());
      one.put("detail", l.detail());
      links.add(one);
    }
    m.put("links", links);
    List<Map<String, Object>> remotes = new ArrayList<>();
    for (DoctorReport.RemoteCheck c : p.remotes()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", c.name());
      one.put("url", c.url());
      one.put("default", c.isDefault());
      one.put("reach", c.reach().id());
      one.put("detail", c.detail());
      remotes.add(one);
    }
    m.put("remotes", remotes);
    Map<String, Object> lock = new LinkedHashMap<>();
    lock.put("held", p.lockHolder().isPresent());
    lock.put("pid", p.lockHolder().orElse(null));
    m.put("lock", lock);
    Map<String, Object> monitor = new LinkedHashMap<>();
    monitor.put("enabled", p.fsmonitorEnabled());
    monitor.put("running", p.fsmonitor().isPresent());
    p.fsmonitor().ifPresent(i -> {
      monitor.put("pid", i.pid());
      monitor.put("folders", i.folders());
      monitor.put("events", i.events());
      monitor.put("started", Instant.ofEpochMilli(i.startedMillis()).toString());
    });
    m.put("fsmonitor", monitor);
    return m;
  }
}
