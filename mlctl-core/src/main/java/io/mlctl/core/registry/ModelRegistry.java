package io.mlctl.core.registry;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.MlctlException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.model.JsonFiles;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.ObjectStore;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Git-native model registry: one YAML file per model under {@code .mlctl/registry/}, committed
 * like code, and the artifacts (model and card) in the object store so push and pull carry them.
 * Every change takes the repository lock, appends a chained entry to the audit trail and then
 * rewrites the model's file temp-then-rename; reads take no lock.
 */
public final class ModelRegistry {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]*)");

  private final Project project;
  private final Path dir;
  private final ObjectStore store;

  public ModelRegistry(Project project) {
    this.project = project;
    this.dir = project.layout().registry();
    this.store = new ObjectStore(project.layout().objects(), project.layout().tmp());
  }

  public ObjectStore store() {
    return store;
  }

  public AuditTrail trail() {
    return new AuditTrail(dir);
  }

  /**
   * The trail's lines that are committed. A change writes its audit entry, then its model's
   * registry file naming that entry: the file's rename is the commit point. A process killed
   * between the two leaves a last entry that its model's file does not name while the file still
   * names the entry before it about that model (or, for a first registration, does not exist):
   * that entry is left out here, so readers see the old registry and the old trail, and the next
   * change writes over it. Any other disagreement is left for verification to report.
   */
  List<AuditTrail.Line> committedLines() {
    List<AuditTrail.Line> lines = trail().lines();
    if (lines.isEmpty() || lines.get(lines.size() - 1).entry() == null) {
      return lines;
    }
    AuditTrail.Line last = lines.get(lines.size() - 1);
    String model = last.entry().model();
    String before = null;
    for (int i = lines.size() - 2; i >= 0 && before == null; i--) {
      AuditEntry e = lines.get(i).entry();
      if (e != null && e.model().equals(model)) {
        before = Sha256.of(lines.get(i).text().getBytes(StandardCharsets.UTF_8));
      }
    }
    Optional<RegisteredModel> m;
    try {
      m = NAME.matcher(model).matches() ? find(model) : Optional.empty();
    } catch (MlctlException unreadable) {
      return lines;
    }
    String head = m.map(RegisteredModel::auditHead).orElse(null);
    boolean uncommitted = m.isPresent() ? before != null && before.equals(head) : before == null;
    return uncommitted ? lines.subList(0, lines.size() - 1) : lines;
  }

  /** Appends an entry to the committed trail. The caller holds the lock. */
  private AuditEntry append(String time, String actor, String action, String model, Map<String, Object> details) {
    return trail().append(committedLines(), time, actor, action, model, details);
  }

  Path fileOf(String name) {
    return dir.resolve(name + ".yaml");
  }

  static String shown(String name) {
    return ".mlctl/registry/" + name + ".yaml";
  }

  /** Whether {@code name} could name a model (or alias). */
  public static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }

  public static void checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new BadArgumentException("'" + name + "' is not a valid " + what,
          "use letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
  }

  /** Every registered model, by name. */
  public List<RegisteredModel> list() {
    List<RegisteredModel> out = new ArrayList<>();
    for (String n : names()) {
      out.add(get(n));
    }
    return out;
  }

  List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.yaml")) {
      for (Path p : ds) {
        String f = p.getFileName().toString();
        names.add(f.substring(0, f.length() - ".yaml".length()));
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw StorageException.of("list", dir, e);
    }
    return new ArrayList<>(names);
  }

  public Optional<RegisteredModel> find(String name) {
    checkName(name, "model name");
    Path f = fileOf(name);
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw BadInputException.at(shown(name), 0, 0, "not valid UTF-8", "restore the file from Git");
    } catch (IOException e) {
      throw StorageException.of("read", f, e);
    }
    RegisteredModel m = RegisteredModel.parse(text, shown(name));
    if (!m.name().equals(name)) {
      throw new BadInputException(shown(name) + ": names the model '" + m.name() + "'", "the file name and its 'name' must agree");
    }
    return Optional.of(m);
  }

  /** The model, or exit-3 input error naming the known ones. */
  public RegisteredModel get(String name) {
    return find(name).orElseThrow(() -> new BadInputException("unknown model '" + name + "'",
        names().isEmpty() ? "no model is registered yet; use 'mlctl models register'" : "registered: " + String.join(", ", names())));
  }

  /** What {@code NAME@latest} and a bare {@code NAME} name: the newest version. */
  public static final String LATEST = "latest";

  /** A version by tag ({@code vN}), alias, or {@code latest} (the newest version, unless an older registry made it an alias). */
  public ModelVersion version(RegisteredModel m, String tagOrAlias) {
    if (tagOrAlias.equals(LATEST) && !m.aliases().containsKey(LATEST)) {
      return m.versions().stream().max(java.util.Comparator.comparingInt(ModelVersion::version))
          .orElseThrow(() -> new BadInputException("model '" + m.name() + "' has no versions", "register one with 'mlctl models register'"));
    }
    var v = VERSION.matcher(tagOrAlias);
    if (v.matches()) {
      int n = Integer.parseInt(v.group(1));
      return m.version(n).orElseThrow(() -> new BadInputException("model '" + m.name() + "' has no version " + tagOrAlias,
          "it has " + String.join(", ", m.versions().stream().map(ModelVersion::tag).toList())));
    }
    Integer n = m.aliases().get(tagOrAlias);
    if (n == null && tagOrAlias.matches("[0-9]+") && m.version(Integer.parseInt(tagOrAlias)).isPresent()) {
      // A bare number is a version written without its 'v'.
      throw new BadInputException("model '" + m.name() + "' has no alias '" + tagOrAlias + "'",
          "versions are written vN: did you mean 'v" + Integer.parseInt(tagOrAlias) + "'?");
    }
    if (n == null) {
      throw new BadInputException("model '" + m.name() + "' has no alias '" + tagOrAlias + "'",
          m.aliases().isEmpty() ? "promote a version with 'mlctl models promote'" : "its aliases: " + String.join(", ", m.aliases().keySet()));
    }
    return m.version(n).orElseThrow(() -> new BadInputException(shown(m.name()) + ": the alias '" + tagOrAlias + "' names v" + n + ", which is not registered",
        "run 'mlctl models audit --verify'"));
  }

  /**
   * A version by tag or alias as a registry file's text names it (the file as another commit has
   * it, say), rather than as the work tree's file does.
   */
  public ModelVersion version(String registryText, String shownAs, String name, String tagOrAlias) {
    RegisteredModel m = RegisteredModel.parse(registryText, shownAs);
    if (!m.name().equals(name)) {
      throw new BadInputException(shownAs + ": names the model '" + m.name() + "'", "the file name and its 'name' must agree");
    }
    return version(m, tagOrAlias);
  }

  /** Loads version {@code v} of model {@code name} from the cache, checking the artifact against its card. */
  public TrainedModel load(String name, ModelVersion v) {
    String ref = name + "@" + v.tag();
    if (!store.contains(v.sha256()) || !store.contains(v.cardSha256())) {
      throw new StorageException(ref + " is not in the cache", "fetch it with 'mlctl pull'", null);
    }
    ModelCard card = ModelCard.parse(new String(store.readVerified(v.cardSha256()), StandardCharsets.UTF_8), ref + " card");
    return TrainedModel.load(store.path(v.sha256()), card, ref);
  }

  /** A registered version resolved to its artifact in the cache and its card. */
  public record Resolved(RegisteredModel model, ModelVersion version, Path artifact, ModelCard card) {
    public String ref() {
      return model.name() + "@" + version.tag();
    }
  }

  /** Resolves {@code NAME@vN}, {@code NAME@ALIAS}, {@code NAME@latest} or a bare {@code NAME} (its newest version). */
  public Resolved resolve(String ref) {
    int at = ref.lastIndexOf('@');
    if (at == 0 || at == ref.length() - 1) {
      throw new BadArgumentException("'" + ref + "' is not a model reference", "use a path, NAME, NAME@ALIAS or NAME@vN");
    }
    RegisteredModel m = get(at < 0 ? ref : ref.substring(0, at));
    ModelVersion v = version(m, at < 0 ? LATEST : ref.substring(at + 1));
    if (!store.contains(v.sha256()) || !store.contains(v.cardSha256())) {
      throw new StorageException(m.name() + "@" + v.tag() + " is not in the cache", "fetch it with 'mlctl pull'", null);
    }
    ModelCard card = ModelCard.parse(new String(store.readVerified(v.cardSha256()), StandardCharsets.UTF_8), m.name() + "@" + v.tag() + " card");
    return new Resolved(m, v, store.path(v.sha256()), card);
  }

  /** The version {@code ref} names ({@code NAME}, {@code NAME@vN}, {@code NAME@ALIAS}, {@code NAME@latest}), without touching the cache. */
  public ModelVersion versionOf(String ref) {
    int at = ref.lastIndexOf('@');
    if (at == 0 || at == ref.length() - 1) {
      throw new BadArgumentException("'" + ref + "' is not a model reference", "use NAME, NAME@ALIAS or NAME@vN");
    }
    return version(get(at < 0 ? ref : ref.substring(0, at)), at < 0 ? LATEST : ref.substring(at + 1));
  }

  /** Loads a registered version, checking the artifact against its card. */
  public TrainedModel load(String ref) {
    Resolved r = resolve(ref);
    return TrainedModel.load(r.artifact(), r.card(), r.ref());
  }

  /** Every object the registry references (artifacts and cards), for gc and push/pull. */
  public Map<String, String> objects() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RegisteredModel m : list()) {
      for (ModelVersion v : m.versions()) {
        out.put(v.sha256(), m.name() + "@" + v.tag());
        out.put(v.cardSha256(), m.name() + "@" + v.tag() + " card");
      }
    }
    return out;
  }

  /** The objects a registry file's text references (from any commit, for gc --all-commits). */
  public static java.util.Set<String> objectsIn(String yamlText, String shownAs) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (ModelVersion v : RegisteredModel.parse(yamlText, shownAs).versions()) {
      out.add(v.sha256());
      out.add(v.cardSha256());
    }
    return out;
  }

  private String actor() {
    try (GitRepo git = GitRepo.open(project.root()).orElse(null)) {
      Optional<String> u = git == null ? Optional.empty() : git.user();
      if (u.isPresent()) {
        return u.get();
      }
    }
    String user = project.env().get("USER");
    return user == null || user.isEmpty() ? "unknown" : user;
  }

  private String now() {
    return OffsetDateTime.now(project.clock()).withOffsetSameInstant(ZoneOffset.UTC).withNano(0).toString();
  }

  private void save(RegisteredModel m) {
    AtomicFiles.writeString(fileOf(m.name()), m.toYaml());
  }

  /** A version added: the model as it is now and the new version. */
  /**
   * The outcome of a registration.
   *
   * @param version the new version, or null when nothing was registered because the artifact
   *     already is ({@code alreadyAs}) and no force was given
   * @param alreadyAs the version already registered with the same bytes, or null
   */
  public record Registered(RegisteredModel model, ModelVersion version, ModelVersion alreadyAs) {
    public boolean registered() {
      return version != null;
    }
  }

  /**
   * What a registration records besides the model: a description of its intended use, tags, and
   * the run that produced it.
   *
   * @param run a run id or id prefix that must name a recorded run, or null for {@code MLCTL_RUN_ID}
   */
  public record RegisterOptions(String description, Map<String, String> tags, String run, boolean force) {
    public static final RegisterOptions NONE = new RegisterOptions(null, Map.of(), null);

    /** Options that refuse an artifact registered before. */
    public RegisterOptions(String description, Map<String, String> tags, String run) {
      this(description, tags, run, false);
    }

    public RegisterOptions {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }

  /** {@code k=v} strings as tags; a missing '=' or an empty key is a usage error naming it. */
  public static Map<String, String> tags(List<String> pairs) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new BadArgumentException("the tag '" + p + "' is not KEY=VALUE", "write it as --tag team=risk");
      }
      out.put(p.substring(0, eq).strip(), p.substring(eq + 1));
    }
    return out;
  }

  /**
   * Registers the model at {@code path} (with its card beside it) as the next version of
   * {@code name}. The metrics are those of {@code metricsFile} when given, else the card's.
   */
  public Registered register(String name, Path path, String pathShown, Path metricsFile, String metricsShown) {
    return register(name, path, pathShown, metricsFile, metricsShown, RegisterOptions.NONE);
  }

  /**
   * Registers the model at {@code path} as the next version of {@code name}. The metrics are those
   * of {@code metricsFile} when given, else the card's training metrics. A metrics file that names
   * a model ({@code model_sha256}, as 'mlctl train' and 'mlctl evaluate' write) must name this one,
   * or nothing is registered; one that names none is recorded as unverified.
   */
  public Registered register(String name, Path path, String pathShown, Path metricsFile, String metricsShown, RegisterOptions options) {
    checkName(name, "model name");
    TrainedModel tm = TrainedModel.load(path, pathShown);
    Map<String, Object> metrics = metricsFile == null ? tm.card().metrics() : JsonFiles.toMap(JsonFiles.read(metricsFile, metricsShown));
    if (metricsFile != null && metrics.isEmpty()) {
      throw new BadInputException(metricsShown + ": not a JSON object of metrics", "use the file 'mlctl evaluate --metrics-out' wrote");
    }
    MetricsBinding binding = metricsFile == null ? MetricsBinding.ofCard(tm) : MetricsBinding.of(metrics, tm, metricsShown, pathShown);
    String run = options.run() == null ? project.env().get("MLCTL_RUN_ID")
        : new io.mlctl.core.exp.RunStore(project.layout().runs()).get(options.run()).id();
    byte[] cardBytes;
    try {
      cardBytes = Files.readAllBytes(ModelCard.beside(path));
    } catch (IOException e) {
      throw StorageException.of("read", ModelCard.beside(path), e);
    }
    try (RepoLock lock = project.lock()) {
      RegisteredModel m = find(name).orElse(RegisteredModel.empty(name));
      // The same bytes twice make two versions nobody can tell apart: said, and done only when forced.
      ModelVersion already = m.versions().stream().filter(v -> v.sha256().equals(tm.sha256())).findFirst().orElse(null);
      if (already != null && !options.force()) {
        return new Registered(m, null, already);
      }
      ObjectStore.Inserted art = store.insert(path);
      if (!art.hash().equals(tm.sha256())) {
        throw new BadInputException(pathShown + " changed while it was being registered", "register it again");
      }
      ObjectStore.Inserted card = store.insert(cardBytes);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("task", tm.card().task().id());
      summary.put("algorithm", tm.card().algorithm());
      summary.put("label", tm.card().label());
      summary.put("features", tm.card().features().size());
      summary.put("training_data_sha256", tm.card().trainingData().sha256());
      summary.put("git_commit", tm.card().gitCommit());
      int n = m.nextVersion();
      String actor = actor();
      String time = now();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("version", n);
      details.put("sha256", art.hash());
      details.put("card_sha256", card.hash());
      details.put("metrics_verified", binding.verified());
      if (run != null) {
        details.put("run", run);
      }
      AuditEntry e = append(time, actor, "register", name, details);
      ModelVersion v = new ModelVersion(n, art.hash(), art.size(), card.hash(), summary, binding.metrics(),
          run, pathShown, actor, time, binding.verified(), binding.dataSha256(), options.description(), options.tags());
      RegisteredModel updated = m.withVersion(v, e.hash());
      save(updated);
      return new Registered(updated, v, already);
    }
  }

  /**
   * The outcome of a promotion: promoted, or refused with the requirements that failed.
   *
   * @param previous the version that held the alias before, or null
   * @param metrics which metrics the requirements were checked against
   * @param evaluated the metrics computed at promotion time ({@link Gate#evaluate}), or null
   */
  public record Promotion(boolean promoted, String name, ModelVersion version, String alias, Integer previous, List<GateFailure> failed,
      MetricsSource metrics, Map<String, Object> evaluated) {
    public Promotion {
      failed = List.copyOf(failed);
    }

    /** Why each failed requirement failed, in words. */
    public List<String> failures() {
      return failed.stream().map(GateFailure::message).toList();
    }
  }

  /** Where a gate's numbers came from; the audit entry records it in snake case. */
  public enum MetricsSource {
    /** No requirement was given. */
    NONE,
    /** The version's recorded metrics, bound to its bytes. */
    VERIFIED,
    /** The version's recorded metrics, unbound, counted because the user allowed it. */
    UNVERIFIED,
    /** Metrics computed on the given data when promoting. */
    EVALUATED;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What a promotion must pass.
   *
   * @param allowUnverified count metrics that are not bound to the version's bytes
   * @param evaluate labelled data to evaluate the version on now, gating on those numbers; or null
   * @param slice with {@code evaluate}: the column to slice by (fairness metrics), or null
   * @param positive with {@code slice}: the positive class, or null for the default
   */
  public record Gate(List<Requirement> requirements, boolean allowUnverified, Path evaluate, String evaluateShown, String slice,
      String positive) {
    public Gate {
      requirements = List.copyOf(requirements);
    }

    public static Gate of(List<Requirement> requirements) {
      return new Gate(requirements, false, null, null, null, null);
    }
  }

  /** Points {@code alias} at a version when every requirement holds on its verified metrics; changes nothing otherwise. */
  public Promotion promote(String name, String versionTag, String alias, List<Requirement> requirements) {
    return promote(name, versionTag, alias, Gate.of(requirements));
  }

  /**
   * Points {@code alias} at a version when every requirement holds; changes nothing otherwise.
   * Requirements are checked against fresh metrics when the gate names data to evaluate on, else
   * against the version's recorded metrics if they are verified (or unverified ones are allowed);
   * unverified metrics otherwise count as not recorded, so a hand-written file cannot pass a gate.
   */
  public Promotion promote(String name, String versionTag, String alias, Gate gate) {
    checkName(alias, "alias");
    if (VERSION.matcher(alias).matches()) {
      throw new BadArgumentException("'" + alias + "' looks like a version, not an alias", "pick a name such as production or staging");
    }
    if (alias.equals(LATEST)) {
      throw new BadArgumentException("'latest' always names the newest version and cannot be an alias", "pick a name such as production or staging");
    }
    if (gate.evaluate() == null && (gate.slice() != null || gate.positive() != null)) {
      throw new BadArgumentException("--slice and --positive apply to the evaluation at promotion time", "add --evaluate CSV");
    }
    String tag = versionTag;
    Map<String, Object> fresh = null;
    if (gate.evaluate() != null) {
      // Evaluated before the lock is taken (it reads a whole data set); versions never change, so
      // the numbers still describe the same bytes when the alias moves.
      ModelVersion target = version(get(name), versionTag);
      tag = target.tag();
      TrainedModel tm = load(name + "@" + tag);
      fresh = new io.mlctl.core.model.Evaluate().call(tm, gate.evaluate(), gate.evaluateShown(), gate.slice(), gate.positive());
    }
    try (RepoLock lock = project.lock()) {
      RegisteredModel m = get(name);
      ModelVersion v = version(m, tag);
      MetricsSource source = fresh != null ? MetricsSource.EVALUATED
          : gate.requirements().isEmpty() ? MetricsSource.NONE
          : v.metricsVerified() ? MetricsSource.VERIFIED
          : gate.allowUnverified() ? MetricsSource.UNVERIFIED
          : null;
      Map<String, Double> metrics = Flatten.numbers(fresh != null ? fresh : v.metrics());
      List<GateFailure> failures = new ArrayList<>();
      Map<String, Object> used = new java.util.TreeMap<>();
      for (Requirement r : gate.requirements()) {
        if (source == null) {
          failures.add(r.failed(null, unverified(r, metrics)));
          continue;
        }
        r.check(metrics).ifPresent(failures::add);
        if (metrics.containsKey(r.metric())) {
          used.put(r.metric(), metrics.get(r.metric()));
        }
      }
      Integer previous = m.aliases().get(alias);
      if (!failures.isEmpty()) {
        return new Promotion(false, name, v, alias, previous, failures, source, fresh);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("version", v.version());
      details.put("alias", alias);
      details.put("previous", previous);
      details.put("requirements", gate.requirements().stream().map(Requirement::text).toList());
      details.put("metrics", source.id());
      if (!used.isEmpty()) {
        details.put("values", used);
      }
      if (fresh != null) {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("data", gate.evaluateShown());
        ev.put("data_sha256", fresh.get("data_sha256"));
        ev.put("rows", fresh.get("rows"));
        if (gate.slice() != null) {
          ev.put("slice", gate.slice());
        }
        details.put("evaluation", ev);
      }
      AuditEntry e = append(now(), actor(), "promote", name, details);
      save(m.withAlias(alias, v.version(), e.hash()));
      return new Promotion(true, name, v, alias, previous, List.of(), source, fresh);
    }
  }

  private static String unverified(Requirement r, Map<String, Double> recorded) {
    return "the metric '" + r.metric() + "' is " + (recorded.containsKey(r.metric()) ? "recorded but unverified" : "not recorded")
        + " (the version's metrics are not bound to its model: register metrics written by 'mlctl evaluate --metrics-out',"
        + " gate on fresh numbers with --evaluate CSV, or count them anyway with --allow-unverified)";
  }

  /** An alias moved back: from the version it held to the one before. */
  public record Rollback(String name, String alias, int from, int to) {}

  public Rollback rollback(String name, String alias) {
    try (RepoLock lock = project.lock()) {
      RegisteredModel m = get(name);
      Integer current = m.aliases().get(alias);
      if (current == null) {
        throw new BadInputException("model '" + name + "' has no alias '" + alias + "'",
            m.aliases().isEmpty() ? "it has no aliases" : "its aliases: " + String.join(", ", m.aliases().keySet()));
      }
      List<Integer> history = m.aliasHistory().getOrDefault(alias, List.of());
      if (history.size() < 2) {
        throw new BadInputException("the alias '" + alias + "' of '" + name + "' has held only v" + current + "; there is nothing to roll back to",
            "promote another version instead");
      }
      int to = history.get(history.size() - 2);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("alias", alias);
      details.put("from", current);
      details.put("to", to);
      AuditEntry e = append(now(), actor(), "rollback", name, details);
      save(m.rolledBack(alias, e.hash()));
      return new Rollback(name, alias, current, to);
    }
  }

  /** Writes a registered version's model to {@code target} and its card beside it, temp-then-rename. */
  public Resolved get(String ref, Path target) {
    Resolved r = resolve(ref);
    // Checked before it leaves the cache: a damaged object must not be handed out.
    TrainedModel.load(r.artifact(), r.card(), r.ref());
    try {
      AtomicFiles.write(target, Files.readAllBytes(r.artifact()));
    } catch (IOException e) {
      throw StorageException.of("read", r.artifact(), e);
    }
    AtomicFiles.write(ModelCard.beside(target), store.readVerified(r.version().cardSha256()));
    return r;
  }

  /** The audit trail, optionally only one model's entries. */
  public List<AuditEntry> audit(String name) {
    List<AuditEntry> out = new ArrayList<>();
    for (AuditEntry e : AuditTrail.entries(committedLines())) {
      if (name == null || e.model().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Verifies the trail against the registry files. Takes no lock: a change being written while it
   * reads can show a trail and a file from two different moments (a promotion renames the trail,
   * then its model's file), so a check that finds problems is made again whenever any file of the
   * registry changed while it ran.
   */
  public AuditVerification verify(String name) {
    return verify(name, n -> AuditVerification.run(this, n));
  }

  /** {@link #verify(String)} with the check it repeats; tests make a change land during it. */
  AuditVerification verify(String name, java.util.function.Function<String, AuditVerification> check) {
    for (int attempt = 1; ; attempt++) {
      String before = stamp();
      AuditVerification v = check.apply(name);
      if (v.ok() || attempt == 20 || stamp().equals(before)) {
        return v;
      }
    }
  }

  /**
   * The identity, size and time of every file in the registry's folder: every change renames a
   * new trail and a new model file over the old ones, so any change shows here.
   */
  String stamp() {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        try {
          var a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
          out.append(f.getFileName()).append(':').append(a.fileKey()).append(':').append(a.size()).append(':')
              .append(a.lastModifiedTime().toMillis()).append('\n');
        } catch (NoSuchFileException gone) {
          out.append(f.getFileName()).append(":gone\n");
        }
      }
    } catch (NoSuchFileException absent) {
      return "absent";
    } catch (IOException e) {
      throw StorageException.of("read", dir, e);
    }
    return out.toString();
  }
}
