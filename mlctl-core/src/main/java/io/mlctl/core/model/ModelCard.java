package io.mlctl.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.core.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is known about a trained model, written beside it as {@code MODEL.card.json}: what it reads
 * (features and their types, the label and its values), how it was made (algorithm, parameters,
 * seed, the training data's SHA-256 and pointer, the Git commit, Tribuo's own provenance) and how
 * well it did on its training data. The model file's SHA-256 ties the card to its model. Immutable.
 */
public record ModelCard(
    String modelSha256,
    Task task,
    String algorithm,
    Map<String, Object> params,
    long seed,
    String label,
    List<String> labels,
    List<Feature> features,
    TrainingData trainingData,
    String gitCommit,
    String created,
    String mlctlVersion,
    Map<String, Object> tribuo,
    Map<String, Object> metrics) {

  public static final int SCHEMA = 1;
  public static final String SUFFIX = ".card.json";

  /**
   * The data a model was trained on.
   *
   * @param path as given, relative to the project root where it is inside one
   * @param pointer the {@code .mlctl} pointer that tracks it, or null
   */
  public record TrainingData(String path, String sha256, long rows, String pointer) {}

  public ModelCard {
    params = Map.copyOf(params);
    labels = List.copyOf(labels);
    features = List.copyOf(features);
    tribuo = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tribuo));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** Where the card of {@code model} lives. */
  public static Path beside(Path model) {
    return model.resolveSibling(model.getFileName() + SUFFIX);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("model_sha256", modelSha256);
    m.put("task", task.id());
    m.put("algorithm", algorithm);
    m.put("params", new java.util.TreeMap<>(params));
    m.put("seed", seed);
    m.put("label", label);
    m.put("labels", labels);
    List<Map<String, Object>> fs = new ArrayList<>();
    for (Feature f : features) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("name", f.name());
      fm.put("type", f.type().id());
      if (f.type() == Feature.Kind.CATEGORICAL) {
        fm.put("categories", f.categories());
      }
      fs.add(fm);
    }
    m.put("features", fs);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("path", trainingData.path());
    d.put("sha256", trainingData.sha256());
    d.put("rows", trainingData.rows());
    d.put("pointer", trainingData.pointer());
    m.put("training_data", d);
    m.put("git_commit", gitCommit);
    m.put("created", created);
    m.put("mlctl_version", mlctlVersion);
    m.put("tribuo", tribuo);
    m.put("metrics", metrics);
    return m;
  }

  public String toJsonText() {
    return JsonFiles.write(toJson());
  }

  public static ModelCard read(Path file, String shownAs) {
    return fromJson(JsonFiles.read(file, shownAs), shownAs);
  }

  public static ModelCard parse(String text, String shownAs) {
    return fromJson(JsonFiles.parse(text, shownAs), shownAs);
  }

  static ModelCard fromJson(JsonNode n, String shownAs) {
    if (!n.isObject()) {
      throw bad(shownAs, "the card is not a JSON object");
    }
    int schema = n.path("schema").asInt(-1);
    if (schema != SCHEMA) {
      throw bad(shownAs, "unknown card schema " + n.path("schema") + " (this mlctl reads " + SCHEMA + ")");
    }
    Task task;
    try {
      task = Task.parse(text(n, "task", shownAs));
    } catch (RuntimeException e) {
      throw bad(shownAs, "the card's task is not classification or regression");
    }
    List<Feature> features = new ArrayList<>();
    for (JsonNode f : array(n, "features", shownAs)) {
      Feature.Kind kind;
      try {
        kind = Feature.Kind.parse(text(f, "type", shownAs));
      } catch (IllegalArgumentException e) {
        throw bad(shownAs, "a feature's type is neither numeric nor categorical");
      }
      List<String> cats = new ArrayList<>();
      f.path("categories").forEach(c -> cats.add(c.asText()));
      features.add(new Feature(text(f, "name", shownAs), kind, cats));
    }
    if (features.isEmpty()) {
      throw bad(shownAs, "the card lists no features");
    }
    List<String> labels = new ArrayList<>();
    n.path("labels").forEach(l -> labels.add(l.asText()));
    JsonNode d = n.path("training_data");
    TrainingData data = new TrainingData(d.path("path").asText(""), d.path("sha256").asText(""), d.path("rows").asLong(0),
        d.path("pointer").isTextual() ? d.path("pointer").asText() : null);
    return new ModelCard(text(n, "model_sha256", shownAs), task, text(n, "algorithm", shownAs), JsonFiles.toMap(n.path("params")),
        n.path("seed").asLong(), text(n, "label", shownAs), labels, features, data,
        n.path("git_commit").isTextual() ? n.path("git_commit").asText() : null, n.path("created").asText(""),
        n.path("mlctl_version").asText(""), JsonFiles.toMap(n.path("tribuo")), JsonFiles.toMap(n.path("metrics")));
  }

  private static String text(JsonNode n, String key, String shownAs) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw bad(shownAs, "the card has no '" + key + "'");
    }
    return v.asText();
  }

  private static JsonNode array(JsonNode n, String key, String shownAs) {
    JsonNode v = n.get(key);
    if (v == null || !v.isArray()) {
      throw bad(shownAs, "the card has no '" + key + "' list");
    }
    return v;
  }

  private static BadInputException bad(String shownAs, String what) {
    return new BadInputException(shownAs + ": " + what, "a card is written by 'mlctl train'; train the model again");
  }
}
