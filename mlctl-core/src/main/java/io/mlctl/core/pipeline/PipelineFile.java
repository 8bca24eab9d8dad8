package io.mlctl.core.pipeline;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.yaml.YamlFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code mlctl.yaml} into a {@link Pipeline}: interpolates {@code ${…}} from params.yaml
 * and {@code vars}, expands {@code foreach} and {@code matrix}, and checks every key. Errors name
 * the file, line and column of the stage. Touches only the file system of {@code root}, so it
 * runs on Jimfs. Stateless and thread-safe.
 */
public final class PipelineFile {
  public static final String NAME = "mlctl.yaml";
  public static final String DEFAULT_PARAMS = "params.yaml";
  private static final Set<String> STAGE_KEYS = Set.of("cmd", "wdir", "deps", "params", "outs", "metrics",
      "plots", "frozen", "always_changed", "vars", "desc", "meta");

  private final Path root;

  public PipelineFile(Path root) {
    this.root = root;
  }

  /** The pipeline of {@code root/mlctl.yaml}, or an empty one when there is no such file. */
  public Pipeline read() {
    Path file = root.resolve(NAME);
    Prefetched ahead = PREFETCH.getAndSet(null);
    if (!Files.exists(file)) {
      return Pipeline.EMPTY;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    byte[] params = paramsBytes(root);
    if (ahead != null && ahead.root().equals(root)) {
      Parsed p = ahead.parsed().join();
      // Read again now: the pipeline is the prefetched one only if both files are still what it was made from.
      if (p != null && p.text().equals(text) && java.util.Arrays.equals(p.params(), params)) {
        return p.pipeline();
      }
    }
    return parseCached(text, params);
  }

  /**
   * The pipeline of {@code text} with params.yaml's {@code params} (null for none): the one
   * {@link PipelineCache} keeps when it was parsed from both, else parsed from them now and kept.
   */
  private Pipeline parseCached(String text, byte[] params) {
    String paramsText = utf8OrNull(params);
    if (params != null && paramsText == null) {
      // parse reads params.yaml itself and reports that it is not UTF-8
      return parse(text);
    }
    Pipeline cached = PipelineCache.load(root, text, paramsText);
    if (cached != null) {
      return cached;
    }
    Map<String, Object> paramsDoc = paramsText == null ? Map.of()
        : YamlFiles.requireMap(YamlFiles.parse(paramsText, DEFAULT_PARAMS), DEFAULT_PARAMS);
    Pipeline pipeline = parse(text, paramsDoc);
    PipelineCache.save(root, text, paramsText, pipeline);
    return pipeline;
  }

  /** The bytes as UTF-8 text, or null for none or for bytes that are not UTF-8. */
  private static String utf8OrNull(byte[] bytes) {
    try {
      return bytes == null ? null : strictUtf8(bytes);
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** A pipeline parsed ahead, with the text of mlctl.yaml and the bytes of params.yaml it was parsed from. */
  private record Parsed(String text, byte[] params, Pipeline pipeline) {}

  private record Prefetched(Path root, java.util.concurrent.CompletableFuture<Parsed> parsed) {}

  private static final java.util.concurrent.atomic.AtomicReference<Prefetched> PREFETCH =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Parses {@code root/mlctl.yaml} on the calling thread for the next {@link #read} of that root,
   * which uses it only if the pipeline file and params.yaml still hold the same bytes then: a
   * repro hands this to a second thread while the command line is being parsed. Anything that
   * goes wrong here is left for that read to find and report.
   *
   * @return the pipeline parsed, or null when there was a problem
   */
  public static Pipeline prefetch(Path root) {
    java.util.concurrent.CompletableFuture<Parsed> parsed = new java.util.concurrent.CompletableFuture<>();
    PREFETCH.set(new Prefetched(root, parsed));
    try {
      byte[] params = paramsBytes(root);
      String text = strictUtf8(Files.readAllBytes(root.resolve(NAME)));
      Pipeline pipeline = new PipelineFile(root).parseCached(text, params);
      parsed.complete(new Parsed(text, params, pipeline));
      return pipeline;
    } catch (IOException | RuntimeException e) {
      parsed.complete(null);
      return null;
    }
  }

  /** Forgets a pipeline parsed ahead that nothing used. */
  public static void discardPrefetch() {
    PREFETCH.set(null);
  }

  /** The bytes of params.yaml, or null when there is none. */
  private static byte[] paramsBytes(Path root) {
    try {
      return Files.readAllBytes(root.resolve(DEFAULT_PARAMS));
    } catch (java.nio.file.NoSuchFileException absent) {
      return null;
    } catch (IOException e) {
      throw StorageException.of("read", root.resolve(DEFAULT_PARAMS), e);
    }
  }

  private static String strictUtf8(byte[] bytes) throws java.nio.charset.CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
  }

  /** Parses the text of {@code mlctl.yaml}. */
  public Pipeline parse(String text) {
    return parse(text, Params.readDefault(root));
  }

  /** Parses the text of {@code mlctl.yaml} with params.yaml's values. */
  private Pipeline parse(String text, Map<String, Object> params) {
    String hidden = hideReferences(text);
    Node doc = YamlFiles.compose(hidden, NAME);
    Map<String, Object> top = YamlFiles.requireMap(showReferences(YamlFiles.construct(doc, NAME)), NAME);
    Map<String, Node> stageNodes = stageNodes(doc);
    // Keys as YAML read them: `NULL:` is a null key, `1:` a number.
    for (Object k : top.keySet()) {
      if (!"stages".equals(k) && !"vars".equals(k)) {
        throw YamlFiles.at(NAME, keyNode(doc, String.valueOf(k)), "unknown key '" + k + "'", "mlctl.yaml holds 'vars' and 'stages'");
      }
    }
    Map<String, Object> context = new LinkedHashMap<>(params);
    Object vars = top.get("vars");
    Interpolation base = new Interpolation(context);
    if (vars != null) {
      context.putAll(varsMap(vars, base, keyNode(doc, "vars")));
    }
    Interpolation interp = new Interpolation(context);
    Object stagesObj = top.get("stages");
    if (stagesObj == null) {
      return Pipeline.EMPTY;
    }
    if (!(stagesObj instanceof Map<?, ?> stagesMap)) {
      throw YamlFiles.at(NAME, keyNode(doc, "stages"), "'stages' must be a mapping of stage names", null);
    }
    List<Stage> stages = new ArrayList<>();
    Map<String, String> locations = new LinkedHashMap<>();
    Set<String> names = new java.util.HashSet<>();
    for (Map.Entry<?, ?> e : stagesMap.entrySet()) {
      String name = String.valueOf(e.getKey());
      Node at = stageNodes.get(name);
      for (Stage s : new StageReader(name, at, interp).read(e.getValue())) {
        if (!names.add(s.name())) {
          throw YamlFiles.at(NAME, at, "stage '" + s.name() + "' is defined twice", null);
        }
        stages.add(s);
        if (at != null && at.getStartMark() != null) {
          locations.put(s.name(), NAME + ":" + (at.getStartMark().getLine() + 1) + ":" + (at.getStartMark().getColumn() + 1));
        }
      }
    }
    return new Pipeline(stages, locations);
  }

  // In a flow list YAML ends a plain scalar at '{', so `outs: [models/${item}.model]`, as users
  // write it, would not parse. References are hidden behind look-alike brackets of the same
  // length (so line and column stay right) while YAML reads the text, then shown again.
  private static final char OPEN = '\u2983';
  private static final char CLOSE = '\u2984';
  private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("\\$\\{([^{}\n]*)}");
  private static final java.util.regex.Pattern HIDDEN = java.util.regex.Pattern.compile("\\$" + OPEN + "([^" + CLOSE + "]*)" + CLOSE);

  static String hideReferences(String text) {
    return REFERENCE.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("$" + OPEN + m.group(1) + CLOSE));
  }

  static Object showReferences(Object value) {
    if (value instanceof String s) {
      return s.indexOf(OPEN) < 0 ? s : HIDDEN.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement("${" + m.group(1) + "}"));
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(o -> out.add(showReferences(o)));
      return out;
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(showReferences(k), showReferences(v)));
      return out;
    }
    return value;
  }

  private static Map<String, Object> varsMap(Object vars, Interpolation base, Node at) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<?> list = vars instanceof List<?> l ? l : List.of(vars);
    for (Object v : list) {
      if (!(v instanceof Map<?, ?> m)) {
        throw YamlFiles.at(NAME, at, "'vars' must be a mapping (or a list of mappings)", null);
      }
      try {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(String.valueOf(e.getKey()), base.apply(e.getValue()));
        }
      } catch (Interpolation.Undefined u) {
        throw YamlFiles.at(NAME, at, "vars: undefined ${" + u.getMessage() + "}", "define it in vars or params.yaml");
      }
    }
    return out;
  }

  private static Map<String, Node> stageNodes(Node doc) {
    Map<String, Node> out = new LinkedHashMap<>();
    Node stages = valueNode(doc, "stages");
    if (stages instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          out.put(k.getValue(), t.getKeyNode());
        }
      }
    }
    return out;
  }

  static Node keyNode(Node map, String key) {
    if (map instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getKeyNode();
        }
      }
    }
    return map;
  }

  private static Node valueNode(Node map, String key) {
    if (map instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    }
    return null;
  }

  static Set<String> stageKeys() {
    return STAGE_KEYS;
  }
}
