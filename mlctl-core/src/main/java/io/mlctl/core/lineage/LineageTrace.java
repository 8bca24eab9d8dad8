package io.mlctl.core.lineage;

import io.mlctl.core.BadInputException;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pointer.Output;
import io.mlctl.core.pointer.PointerFile;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Traces the lineage of a model reference ({@code NAME@ALIAS}, {@code NAME@vN}, {@code NAME}),
 * a path (a model file with its card, any output of a stage, a tracked file or its pointer) or a
 * request id from the server's log. Reads only and takes no lock: a trace run while the registry
 * changes sees each file whole, old or new.
 *
 * <p>A target is read as a path when that file exists, else as a model reference when it has an
 * '@' or names a registered model, else as a request id.
 */
public final class LineageTrace {
  private final Project project;

  public LineageTrace(Project project) {
    this.project = project;
  }

  /** @param cwd where a relative path starts */
  public Lineage trace(String target, Path cwd) {
    try (Sources src = new Sources(project)) {
      return new Lineage(target, root(src, target, cwd));
    }
  }

  private LineageNode root(Sources src, String target, Path cwd) {
    Path p = cwd.resolve(target).toAbsolutePath().normalize();
    String shown = project.layout().show(p);
    if (Files.exists(p) || (p.startsWith(project.root()) && !target.contains("@") && isTracked(src, shown))) {
      return path(src, p, shown);
    }
    ModelLinks models = new ModelLinks(src);
    if (target.contains("@")) {
      ModelRef r = ModelRef.parse(target);
      RegisteredModel m = src.registry.get(r.name());
      boolean latest = r.tagOrAlias().equals("latest") && !m.aliases().containsKey("latest");
      if (latest && m.versions().isEmpty()) {
        throw new BadInputException("model '" + m.name() + "' has no versions", "register one with 'mlctl models register'");
      }
      return models.version(m, latest ? latest(m) : src.registry.version(m, r.tagOrAlias()));
    }
    if (target.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      Optional<RegisteredModel> m = src.registry.find(target);
      if (m.isPresent() && !m.get().versions().isEmpty()) {
        return models.version(m.get(), latest(m.get()));
      }
    }
    ServedRequests.Request req = new ServedRequests(project.layout().serveLogs()).find(target).orElseThrow(() -> new BadInputException(
        "unknown request id '" + target + "': not in .mlctl/serve/requests*.jsonl, and no file or registered model has that name",
        "give a request id from the server's log, a model (NAME@ALIAS, NAME@vN) or a path"));
    return request(src, models, req);
  }

  private static ModelVersion latest(RegisteredModel m) {
    return m.versions().stream().max(java.util.Comparator.comparingInt(ModelVersion::version)).orElseThrow();
  }

  private static boolean isTracked(Sources src, String shown) {
    return Files.isRegularFile(src.project.root().resolve(shown + PointerFile.SUFFIX))
        || src.lock().values().stream().anyMatch(e -> e.out(shown).isPresent());
  }

  private LineageNode request(Sources src, ModelLinks models, ServedRequests.Request req) {
    LineageNode.Builder b = LineageNode.of(NodeKind.REQUEST, req.id(), LinkStatus.RECORDED,
        "request " + req.id() + " at " + req.time() + " answered by " + req.model() + "@" + req.version())
        .detail("request_id", req.id()).detail("time", req.time()).detail("model", req.model()).detail("version", req.version())
        .detail("role", req.role()).detail("latency_ms", req.latencyMs()).detail("log_file", ".mlctl/serve/" + req.file())
        .detail("inputs", req.line().get("inputs")).detail("outputs", req.line().get("outputs"));
    LineageNode served;
    try {
      RegisteredModel m = src.registry.get(req.model());
      served = models.version(m, src.registry.version(m, req.version()));
    } catch (io.mlctl.core.MlctlException e) {
      String ref = req.model() + "@" + req.version();
      served = LineageNode.of(NodeKind.MODEL_VERSION, ref, LinkStatus.FAILED, ref)
          .broken(LinkStatus.FAILED, "the request names " + ref + ", which the registry does not hold: " + e.getMessage()).build();
    }
    return b.from("served_by", served).build();
  }

  /** A model file, an output of a stage, or a tracked file or its pointer. */
  private LineageNode path(Sources src, Path p, String shown) {
    if (!p.startsWith(project.root())) {
      throw new BadInputException(shown + " is outside the project", "name a path inside " + project.root());
    }
    if (Files.isRegularFile(ModelCard.beside(p))) {
      return new ModelLinks(src).file(p, shown);
    }
    DataLinks data = new DataLinks(src);
    String path = shown;
    if (shown.endsWith(PointerFile.SUFFIX) && Files.isRegularFile(p)) {
      return pointer(src, data, p, shown);
    }
    for (Map.Entry<String, LockEntry> e : src.lock().entrySet()) {
      Optional<Output> o = e.getValue().out(path);
      if (o.isPresent()) {
        return data.data(path, o.get().sha256(), null, null, Set.of());
      }
    }
    Path ptr = p.resolveSibling(p.getFileName() + PointerFile.SUFFIX);
    if (Files.isRegularFile(ptr)) {
      return pointer(src, data, ptr, project.layout().show(ptr));
    }
    throw new BadInputException(shown + " is not tracked: no stage in mlctl.lock outputs it and it has no pointer, nor a model card beside it",
        "name a model file, an output of a stage, a tracked file, a registered model or a request id");
  }

  private LineageNode pointer(Sources src, DataLinks data, Path ptr, String shownPtr) {
    String text;
    try {
      text = Files.readString(ptr);
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("read", ptr, e);
    }
    Output o = PointerFile.parse(text, shownPtr).get(0);
    String folder = shownPtr.contains("/") ? shownPtr.substring(0, shownPtr.lastIndexOf('/') + 1) : "";
    return data.data(folder + o.path(), o.sha256(), shownPtr, null, Set.of());
  }

  /** {@code NAME@TAG_OR_ALIAS}, split at the last '@'. */
  private record ModelRef(String name, String tagOrAlias) {
    static ModelRef parse(String ref) {
      int at = ref.lastIndexOf('@');
      if (at <= 0 || at == ref.length() - 1) {
        throw new io.mlctl.core.BadArgumentException("'" + ref + "' is not a model reference", "use a path, NAME@ALIAS or NAME@vN");
      }
      return new ModelRef(ref.substring(0, at), ref.substring(at + 1));
    }
  }
}
