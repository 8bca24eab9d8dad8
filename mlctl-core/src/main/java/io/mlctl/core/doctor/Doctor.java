package io.mlctl.core.doctor;

import io.mlctl.core.MlctlException;
import io.mlctl.core.io.IoReasons;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.repo.Config;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.Discovery;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.watch.FsMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mlctl doctor}: what mlctl runs on and the state of the project it is in. Read-only: it
 * never takes the repository lock (so it answers while a writer holds it), changes no file, and
 * leaves nothing behind but what it removes again (the scratch files of the link test, in a
 * folder of their own under {@code .mlctl/tmp/}). Outside a project it reports versions alone.
 */
public final class Doctor {
  private final Path start;
  private final Map<String, String> env;

  /**
   * @param start the folder doctor runs in; the project is found by walking up from it
   * @param env the environment remotes read their credentials from
   */
  public Doctor(Path start, Map<String, String> env) {
    this.start = start;
    this.env = Map.copyOf(env);
  }

  public DoctorReport call() {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Versions versions = Versions.detect();
    if (versions.git().isEmpty()) {
      warnings.add("no git on PATH: mlctl itself needs none, but Git's own commands (commit, push) do");
    }
    Optional<Path> root = Discovery.findProjectRoot(start);
    Optional<DoctorReport.ProjectHealth> health = root.map(r -> project(r, problems, warnings));
    return new DoctorReport(versions, health, problems, warnings);
  }

  private DoctorReport.ProjectHealth project(Path root, List<String> problems, List<String> warnings) {
    try (Project project = Project.open(root, Clock.systemUTC(), env)) {
      Config config = null;
      try {
        config = project.config();
      } catch (MlctlException e) {
        problems.add("cannot read the config: " + e.getMessage());
      }
      List<String> types = config == null ? List.of() : config.getList(ConfigKey.CACHE_TYPE);
      List<DoctorReport.LinkCheck> links = LinkProbe.run(project.layout().tmp());
      Optional<String> inUse = types.stream()
          .filter(t -> links.stream().anyMatch(l -> l.type().equals(t) && l.works())).findFirst();
      if (config != null && inUse.isEmpty()) {
        problems.add("no cache link type in cache.type (" + String.join(",", types) + ") works in "
            + project.layout().tmp() + ": checkouts cannot place files");
      }
      List<DoctorReport.RemoteCheck> remotes = config == null ? List.of() : remotes(project, problems, warnings);
      Optional<Long> holder = RepoLock.holder(project.layout().lockFile());
      holder.ifPresent(pid -> warnings.add("the repository lock is held by PID " + pid + ": commands that write wait for it"));
      boolean monitorOn = config != null && config.getBoolean(ConfigKey.CORE_FSMONITOR);
      Optional<FsMonitor.Info> monitor = new FsMonitor(project).info();
      if (monitorOn && monitor.isEmpty()) {
        warnings.add("core.fsmonitor is on but no file-system monitor runs (the next status or add starts one)");
      }
      return new DoctorReport.ProjectHealth(root, types, inUse, links, remotes, holder, monitorOn, monitor);
    }
  }

  private static List<DoctorReport.RemoteCheck> remotes(Project project, List<String> problems, List<String> warnings) {
    Remotes all = new Remotes(project);
    List<DoctorReport.RemoteCheck> out = new ArrayList<>();
    for (Remotes.Remote r : all.list()) {
      DoctorReport.RemoteCheck check = probe(all, r);
      if (check.reach() == DoctorReport.Reach.FAILED) {
        problems.add("remote '" + r.name() + "' does not answer: " + check.detail());
      } else if (check.reach() == DoctorReport.Reach.EMPTY) {
        warnings.add("remote '" + r.name() + "': " + check.detail());
      }
      out.add(check);
    }
    return out;
  }

  private static DoctorReport.RemoteCheck probe(Remotes all, Remotes.Remote r) {
    DoctorReport.Reach reach;
    String detail = null;
    try (RemoteStore store = all.open(r.name())) {
      reach = store.probe() ? DoctorReport.Reach.ANSWERS : DoctorReport.Reach.EMPTY;
      if (reach == DoctorReport.Reach.EMPTY) {
        detail = "its folder does not exist yet (the first push makes it)";
      }
    } catch (IOException e) {
      reach = DoctorReport.Reach.FAILED;
      detail = IoReasons.of(e);
    } catch (MlctlException e) {
      reach = DoctorReport.Reach.FAILED;
      detail = e.getMessage() + e.hint().map(h -> " (" + h + ")").orElse("");
    } catch (RuntimeException e) {
      // the S3 client refuses some settings before any request (a malformed endpoint, say): that
      // remote fails its check, and the others are still asked
      reach = DoctorReport.Reach.FAILED;
      detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
    return new DoctorReport.RemoteCheck(r.name(), r.url(), r.isDefault(), reach, detail);
  }
}
