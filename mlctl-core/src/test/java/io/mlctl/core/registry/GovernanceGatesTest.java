package io.mlctl.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.exp.RunStore;
import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.Evaluate;
import io.mlctl.core.model.Fixtures;
import io.mlctl.core.model.JsonFiles;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.Train;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.repo.Project;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.testing.GitTestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gates that a hand-written metrics file cannot pass, fresh evaluation at promotion, and what a version records. */
class GovernanceGatesTest {
  @TempDir
  Path tmp;

  private GitTestRepo repo;
  private ModelRegistry registry;
  private Path data;
  private Path flipped;
  private Path logistic;
  private Path cart;

  @BeforeEach
  void setUp() throws IOException {
    repo = GitTestRepo.init(tmp.resolve("repo"));
    Project project = Project.open(repo.root(), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), Map.of());
    registry = new ModelRegistry(project);
    data = Fixtures.copy("points.csv", repo.root().resolve("data"));
    // The same points with every label swapped: a model that fits points.csv gets them all wrong.
    flipped = repo.root().resolve("data/flipped.csv");
    Files.write(flipped, Files.readAllLines(data).stream()
        .map(l -> l.endsWith(",hi") ? l.replace(",hi", ",lo") : l.endsWith(",lo") ? l.replace(",lo", ",hi") : l).toList());
    logistic = trained(Algorithm.LOGISTIC, "models/logistic.model");
    cart = trained(Algorithm.CART, "models/cart.model");
  }

  private Path trained(Algorithm a, String out) {
    Train.Result r = new Train(repo.root(), Clock.systemUTC()).call(new Train.Spec(data, "label", Task.CLASSIFICATION, a, Map.of(), 1L,
        List.of(), List.of(), repo.root().resolve(out), p -> repo.root().relativize(p).toString()));
    return r.model();
  }

  private Path evaluated(Path model, Path on, String name) {
    Map<String, Object> m = new Evaluate().call(TrainedModel.load(model, model.getFileName().toString()), on, on.getFileName().toString(),
        "region", null);
    Path f = repo.root().resolve(name);
    JsonFiles.writeFile(f, m);
    return f;
  }

  private static List<Requirement> req(String... texts) {
    return java.util.Arrays.stream(texts).map(Requirement::parse).toList();
  }

  private String lastAudit() throws IOException {
    List<String> lines = Files.readAllLines(repo.root().resolve(".mlctl/registry/audit.jsonl"));
    return lines.get(lines.size() - 1);
  }

  @Test
  void fakeMetricsFile_isRecordedUnverified_andCannotPassAGate() throws IOException {
    Path fake = Files.writeString(repo.root().resolve("fake.json"), "{\"accuracy\":0.99}");
    ModelRegistry.Registered r = registry.register("points", logistic, "models/logistic.model", fake, "fake.json");
    assertFalse(r.version().metricsVerified());
    assertEquals(0.99, r.version().metrics().get("accuracy"));

    ModelRegistry.Promotion p = registry.promote("points", "v1", "production", req("accuracy>=0.95"));
    assertFalse(p.promoted());
    assertTrue(p.failures().get(0).startsWith("the metric 'accuracy' is recorded but unverified"), p.failures().toString());
    assertTrue(registry.get("points").aliases().isEmpty());

    // The same gate with fresh numbers: the model's real accuracy on this data is 0, and it stays out.
    ModelRegistry.Promotion fresh = registry.promote("points", "v1", "production",
        new ModelRegistry.Gate(req("accuracy>=0.95"), true, flipped, "data/flipped.csv", null, null));
    assertFalse(fresh.promoted());
    assertEquals(List.of("accuracy is 0 (needs >= 0.95)"), fresh.failures());
    assertEquals(ModelRegistry.MetricsSource.EVALUATED, fresh.metrics());
    assertTrue(registry.get("points").aliases().isEmpty());
  }

  @Test
  void allowUnverified_countsThem_andTheAuditSaysSo() throws IOException {
    Path fake = Files.writeString(repo.root().resolve("fake.json"), "{\"accuracy\":0.99}");
    registry.register("points", logistic, "models/logistic.model", fake, "fake.json");
    ModelRegistry.Promotion p = registry.promote("points", "v1", "staging",
        new ModelRegistry.Gate(req("accuracy>=0.95"), true, null, null, null, null));
    assertTrue(p.promoted());
    assertEquals(ModelRegistry.MetricsSource.UNVERIFIED, p.metrics());
    assertTrue(lastAudit().contains("\"metrics\":\"unverified\",\"values\":{\"accuracy\":0.99}"), lastAudit());
    assertTrue(registry.verify(null).ok(), registry.verify(null).problems().toString());
  }

  @Test
  void metricsFromEvaluate_areVerified_andGateAFairnessRequirement() throws IOException {
    Path eval = evaluated(logistic, data, "eval.json");
    ModelRegistry.Registered r = registry.register("points", logistic, "models/logistic.model", eval, "eval.json");
    assertTrue(r.version().metricsVerified());
    assertEquals(Sha256.of(data), r.version().metricsDataSha256());
    assertFalse(r.version().metrics().containsKey("model_sha256"), "the binding is kept in its own fields");
    double dpd = Flatten.numbers(r.version().metrics()).get("fairness.demographic_parity_difference");
    assertFalse(registry.promote("points", "v1", "production", req("fairness.demographic_parity_difference<=" + (dpd - 1e-9))).promoted());
    ModelRegistry.Promotion p = registry.promote("points", "v1", "production", req("fairness.demographic_parity_difference<=" + dpd));
    assertTrue(p.promoted());
    assertEquals(ModelRegistry.MetricsSource.VERIFIED, p.metrics());
    assertTrue(lastAudit().contains("\"metrics\":\"verified\""), lastAudit());
  }

  @Test
  void cardMetrics_areVerified() {
    ModelRegistry.Registered r = registry.register("points", cart, "models/cart.model", null, null);
    assertTrue(r.version().metricsVerified());
    assertTrue(registry.promote("points", "v1", "production", req("accuracy>=1")).promoted());
  }

  @Test
  void metricsOfAnotherModel_areRefused_namingBothHashes() throws IOException {
    Path eval = evaluated(cart, data, "cart-eval.json");
    String cartHash = Sha256.of(cart);
    String logisticHash = Sha256.of(logistic);
    BadInputException e = assertThrows(BadInputException.class,
        () -> registry.register("points", logistic, "models/logistic.model", eval, "cart-eval.json"));
    assertEquals("cart-eval.json: its metrics were computed for the model with sha256 " + cartHash
        + ", not for models/logistic.model (sha256 " + logisticHash + ")", e.getMessage());
    assertTrue(registry.list().isEmpty(), "nothing registered");
  }

  @Test
  void evaluate_gatesOnFreshNumbers_andTheAuditRecordsTheData() throws IOException {
    registry.register("points", cart, "models/cart.model", null, null);
    ModelRegistry.Promotion p = registry.promote("points", "v1", "production",
        new ModelRegistry.Gate(req("accuracy>=1", "fairness.equalized_odds_difference<=0"), false, data, "data/points.csv", "region", null));
    assertTrue(p.promoted(), p.failures().toString());
    assertEquals(1.0, p.evaluated().get("accuracy"));
    String audit = lastAudit();
    assertTrue(audit.contains("\"metrics\":\"evaluated\""), audit);
    assertTrue(audit.contains("\"evaluation\":{\"data\":\"data/points.csv\",\"data_sha256\":\"" + Sha256.of(data) + "\",\"rows\":80,\"slice\":\"region\"}"), audit);
    assertTrue(registry.verify(null).ok());
    assertThrows(BadArgumentException.class, () -> registry.promote("points", "v1", "x",
        new ModelRegistry.Gate(List.of(), false, null, null, "region", null)), "--slice without --evaluate");
  }

  @Test
  void descriptionTagsAndRun_areStored() {
    RunStore runs = new RunStore(repo.root().resolve(".mlctl/runs"));
    runs.put(RunRecord.empty("20260102-abcdef", "2026-01-02T03:04:05Z"));
    ModelRegistry.Registered r = registry.register("points", cart, "models/cart.model", null, null,
        new ModelRegistry.RegisterOptions("Flags high points for review", ModelRegistry.tags(List.of("team=risk", "tier=1")), "20260102-ab"));
    ModelVersion v = registry.get("points").version(1).orElseThrow();
    assertEquals("Flags high points for review", v.description());
    assertEquals(Map.of("team", "risk", "tier", "1"), v.tags());
    assertEquals("20260102-abcdef", v.run(), "a prefix resolves to the run's id");
    assertEquals(r.version(), v);
    BadInputException unknown = assertThrows(BadInputException.class, () -> registry.register("points", cart, "models/cart.model", null, null,
        new ModelRegistry.RegisterOptions(null, Map.of(), "nosuchrun")));
    assertEquals("unknown run 'nosuchrun'", unknown.getMessage());
    assertThrows(BadArgumentException.class, () -> ModelRegistry.tags(List.of("novalue")));
    assertThrows(BadArgumentException.class, () -> ModelRegistry.tags(List.of("=x")));
  }

  @Test
  void olderRegistryFiles_withoutTheNewFields_stillLoad_asUnverified() throws IOException {
    registry.register("points", cart, "models/cart.model", null, null);
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    String text = Files.readString(file);
    String old = text.replaceAll("(?m)^ *metrics_verified: .*\\n", "").replaceAll("(?m)^ *metrics_data_sha256: .*\\n", "");
    assertFalse(old.contains("metrics_verified"));
    Files.writeString(file, old);
    ModelVersion v = registry.get("points").version(1).orElseThrow();
    assertFalse(v.metricsVerified());
    assertNull(v.description());
    assertTrue(v.tags().isEmpty());
    assertTrue(registry.verify(null).ok(), "the audit replay does not depend on the new fields");
    assertFalse(registry.promote("points", "v1", "production", req("accuracy>=0.5")).promoted());
  }
}
