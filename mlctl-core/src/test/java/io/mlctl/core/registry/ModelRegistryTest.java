package io.mlctl.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.Fixtures;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.Train;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.repo.Project;
import io.mlctl.core.testing.GitTestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir
  Path tmp;

  private GitTestRepo repo;
  private Project project;
  private ModelRegistry registry;
  private Path cart;
  private Path logistic;

  @BeforeEach
  void setUp() throws IOException {
    repo = GitTestRepo.init(tmp.resolve("repo"));
    StoredConfig c = repo.git().getRepository().getConfig();
    c.setString("user", null, "name", "Ada Tester");
    c.setString("user", null, "email", "ada@example.com");
    c.save();
    project = Project.open(repo.root(), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), Map.of("MLCTL_RUN_ID", "run-7"));
    registry = new ModelRegistry(project);
    Path data = Fixtures.copy("points.csv", repo.root().resolve("data"));
    cart = trained(data, Algorithm.CART, "models/cart.model");
    logistic = trained(data, Algorithm.LOGISTIC, "models/logistic.model");
  }

  private Path trained(Path data, Algorithm a, String out) {
    Train.Result r = new Train(repo.root(), Clock.systemUTC()).call(new Train.Spec(data, "label", Task.CLASSIFICATION, a, Map.of(), 1L,
        List.of(), List.of(), repo.root().resolve(out), p -> repo.root().relativize(p).toString()));
    return r.model();
  }

  private Path metrics(String name, double accuracy) throws IOException {
    return Files.writeString(repo.root().resolve(name), "{\"accuracy\": " + accuracy + ", \"slice\": {\"min\": {\"accuracy\": 0.8}}}");
  }

  private Path trail() {
    return repo.root().resolve(".mlctl/registry/audit.jsonl");
  }

  @Test
  void register_storesTheArtifactInTheCache_andRecordsWhoWhenAndRun() throws IOException {
    ModelRegistry.Registered r = registry.register("points", cart, "models/cart.model", null, null);
    assertEquals(1, r.version().version());
    assertTrue(registry.store().contains(r.version().sha256()));
    assertTrue(registry.store().contains(r.version().cardSha256()));
    assertEquals("Ada Tester <ada@example.com>", r.version().registeredBy());
    assertEquals("2026-01-02T03:04:05Z", r.version().registeredAt());
    assertEquals("run-7", r.version().run());
    assertEquals(1.0, r.version().metrics().get("accuracy"), "the card's training metrics by default");
    assertEquals("cart", r.version().card().get("algorithm"));
    assertEquals(2, registry.register("points", logistic, "models/logistic.model", null, null).version().version());

    // What is on disk reads back the same, and a reference loads the model from the cache.
    RegisteredModel m = registry.get("points");
    assertEquals(List.of(1, 2), m.versions().stream().map(ModelVersion::version).toList());
    TrainedModel tm = registry.load("points@v1");
    assertEquals("points@v1", tm.shownAs());
    assertEquals("cart", tm.card().algorithm());
    assertTrue(Files.readString(repo.root().resolve(".mlctl/registry/points.yaml")).contains("registered_by: Ada Tester <ada@example.com>"));
    assertTrue(registry.verify(null).ok());
  }

  @Test
  void promote_withAGateThatFails_changesNothing_andSaysWhy() throws IOException {
    registry.register("points", cart, "models/cart.model", metrics("m.json", 0.84), "m.json");
    byte[] before = Files.readAllBytes(repo.root().resolve(".mlctl/registry/points.yaml"));
    byte[] trailBefore = Files.readAllBytes(trail());
    // a hand-written file names no model: its numbers count only when unverified metrics are allowed
    ModelRegistry.Promotion p = registry.promote("points", "v1", "production", new ModelRegistry.Gate(
        List.of(Requirement.parse("accuracy>=0.9"), Requirement.parse("slice.min.accuracy>=0.75"), Requirement.parse("f1_macro>0.5")),
        true, null, null, null, null));
    assertFalse(p.promoted());
    assertEquals(List.of("accuracy is 0.84 (needs >= 0.9)", "the metric 'f1_macro' is not recorded (needs > 0.5)"), p.failures());
    assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(repo.root().resolve(".mlctl/registry/points.yaml")));
    assertEquals(new String(trailBefore, StandardCharsets.UTF_8), Files.readString(trail()));

    ModelRegistry.Promotion ok = registry.promote("points", "v1", "production", new ModelRegistry.Gate(List.of(Requirement.parse("accuracy>=0.8"),
        Requirement.parse("slice.min.accuracy>=0.8")), true, null, null, null, null));
    assertTrue(ok.promoted());
    assertEquals(1, registry.get("points").aliases().get("production"));
  }

  @Test
  void rollback_returnsTheAliasToItsPreviousVersion() {
    registry.register("points", cart, "models/cart.model", null, null);
    registry.register("points", logistic, "models/logistic.model", null, null);
    registry.promote("points", "v1", "production", List.of());
    registry.promote("points", "v2", "production", List.of());
    assertEquals("points@v2", registry.resolve("points@production").ref());
    ModelRegistry.Rollback r = registry.rollback("points", "production");
    assertEquals(2, r.from());
    assertEquals(1, r.to());
    assertEquals("points@v1", registry.resolve("points@production").ref());
    BadInputException e = assertThrows(BadInputException.class, () -> registry.rollback("points", "production"));
    assertEquals("the alias 'production' of 'points' has held only v1; there is nothing to roll back to", e.getMessage());
    List<String> actions = registry.audit("points").stream().map(AuditEntry::action).toList();
    assertEquals(List.of("register", "register", "promote", "promote", "rollback"), actions);
    assertTrue(registry.verify("points").ok(), registry.verify("points").problems().toString());
  }

  @Test
  void unknownModelAliasOrVersion_isBadInput() {
    registry.register("points", cart, "models/cart.model", null, null);
    assertEquals("unknown model 'nope'", assertThrows(BadInputException.class, () -> registry.resolve("nope@v1")).getMessage());
    assertEquals("model 'points' has no alias 'prod'", assertThrows(BadInputException.class, () -> registry.resolve("points@prod")).getMessage());
    assertEquals("model 'points' has no version v9", assertThrows(BadInputException.class, () -> registry.resolve("points@v9")).getMessage());
    assertThrows(BadArgumentException.class, () -> registry.promote("points", "v1", "v2", List.of()));
    assertThrows(BadArgumentException.class, () -> Requirement.parse("accuracy is high"));
  }

  @Test
  void get_writesTheModelAndCard_thatLoadAsAPath() {
    ModelRegistry.Registered r = registry.register("points", cart, "models/cart.model", null, null);
    Path out = tmp.resolve("out/got.model");
    registry.get("points@v1", out);
    TrainedModel tm = TrainedModel.load(out, "got.model");
    assertEquals(r.version().sha256(), tm.sha256());
  }

  private List<String> trailLines() throws IOException {
    return new ArrayList<>(Files.readAllLines(trail()));
  }

  private void history() {
    registry.register("points", cart, "models/cart.model", null, null);
    registry.register("points", logistic, "models/logistic.model", null, null);
    registry.promote("points", "v1", "production", List.of());
    registry.promote("points", "v2", "production", List.of());
  }

  @Test
  void verify_catchesAnEditedEntry() throws IOException {
    history();
    List<String> lines = trailLines();
    lines.set(1, lines.get(1).replace("Ada Tester", "Mallory"));
    Files.write(trail(), lines);
    AuditVerification v = registry.verify(null);
    assertFalse(v.ok());
    assertTrue(v.problems().contains(".mlctl/registry/audit.jsonl:3: entry 3 does not hold the hash of the entry before it "
        + "(that entry was altered or removed)"), v.problems().toString());
  }

  @Test
  void verify_catchesADeletedEntry() throws IOException {
    history();
    List<String> lines = trailLines();
    lines.remove(2);
    Files.write(trail(), lines);
    AuditVerification v = registry.verify(null);
    assertFalse(v.ok());
    assertTrue(v.problems().get(0).startsWith(".mlctl/registry/audit.jsonl:3: entry 4 where entry 3 should be"), v.problems().toString());
  }

  @Test
  void verify_catchesAnEditOfTheLastEntry_andOfTheLastEntryRemoved() throws IOException {
    history();
    List<String> lines = trailLines();
    Files.write(trail(), lines.subList(0, 3));
    assertFalse(registry.verify(null).ok(), "the registry names v2 as production, the trail v1");
    lines.set(3, lines.get(3).replace("Ada Tester", "Mallory"));
    Files.write(trail(), lines);
    AuditVerification v = registry.verify(null);
    assertEquals(List.of(".mlctl/registry/points.yaml: names a last audit entry that is not the trail's last entry about 'points'"),
        v.problems());
  }

  @Test
  void verify_catchesAHandEditOfTheRegistryFile() throws IOException {
    history();
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    Files.writeString(file, Files.readString(file).replace("production: 2", "production: 1"));
    AuditVerification v = registry.verify(null);
    assertFalse(v.ok());
    assertTrue(v.problems().get(0).startsWith(".mlctl/registry/points.yaml: its aliases {production=1} are not the ones the trail records {production=2}"),
        v.problems().toString());
    Files.writeString(repo.root().resolve(".mlctl/registry/other.yaml"), "schema: 1\nname: other\nversions: []\n");
    assertTrue(registry.verify(null).problems().contains(".mlctl/registry/other.yaml: the trail records no change to 'other' (the file was written by hand)"));
  }

  @Test
  void promote_killedBetweenItsAuditEntryAndItsRegistryFile_isLeftOut_andTheNextChangeWritesOverIt() throws IOException {
    history();
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    String before = Files.readString(file);
    registry.promote("points", "v1", "production", List.of());
    // As a process killed between the two renames leaves it: the entry written, the file not.
    Files.writeString(file, before);
    assertEquals(5, trailLines().size());

    AuditVerification v = registry.verify(null);
    assertEquals(List.of(), v.problems());
    assertEquals(4, v.entries());
    assertEquals(4, registry.audit("points").size());
    assertEquals(2, registry.get("points").aliases().get("production"));

    registry.promote("points", "v1", "production", List.of());

    assertEquals(5, trailLines().size(), "the interrupted entry was written over, not kept beside the new one");
    assertEquals(List.of(), registry.verify(null).problems());
    assertEquals(List.of(1, 2, 1), registry.get("points").aliasHistory().get("production"));
  }

  @Test
  void verify_readingDuringAPromotion_checksAgainOnceTheModelFileLands_evenWhenTheTrailWasWrittenBefore() throws IOException {
    history();
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    String before = Files.readString(file);
    registry.promote("points", "v1", "production", List.of());
    String after = Files.readString(file);
    // The promotion's trail is written; its model file not yet, as a reader can find it midway.
    Files.writeString(file, before);
    List<AuditVerification> seen = new ArrayList<>();
    AuditVerification v = registry.verify(null, name -> {
      AuditVerification torn = AuditVerification.run(registry, name);
      if (seen.isEmpty()) {
        // The reader read the trail without the entry; the model file lands before it reads the file.
        torn = new AuditVerification(torn.entries(), List.of(".mlctl/registry/points.yaml: its aliases {production=1} are not the ones "
            + "the trail records {production=2}"));
        io.mlctl.core.io.AtomicFiles.writeString(file, after);
      }
      seen.add(torn);
      return torn;
    });
    assertEquals(2, seen.size(), "checked again because the model file changed while it read");
    assertEquals(List.of(), v.problems());
    assertEquals(5, v.entries());
  }

  @Test
  void verify_ofARegistryThatKeepsChanging_givesUpAfterTwentyChecks_withTheLastProblems() throws IOException {
    history();
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    String text = Files.readString(file);
    List<AuditVerification> seen = new ArrayList<>();
    AuditVerification v = registry.verify(null, name -> {
      // Another process rewrites the model's file (same bytes, a new file) during every check.
      io.mlctl.core.io.AtomicFiles.writeString(file, text);
      AuditVerification torn = new AuditVerification(4, List.of("problem " + (seen.size() + 1)));
      seen.add(torn);
      return torn;
    });
    assertEquals(20, seen.size());
    assertEquals(List.of("problem 20"), v.problems());
  }

  @Test
  void verify_ofARegistryThatDoesNotChange_reportsItsProblemsAfterOneCheck() throws IOException {
    history();
    List<AuditVerification> seen = new ArrayList<>();
    AuditVerification v = registry.verify(null, name -> {
      AuditVerification broken = new AuditVerification(4, List.of("a problem"));
      seen.add(broken);
      return broken;
    });
    assertEquals(1, seen.size());
    assertEquals(List.of("a problem"), v.problems());
  }

  @Test
  void register_killedBeforeTheModelsFirstRegistryFile_isLeftOut_andRegisteringAgainMakesV1() throws IOException {
    registry.register("points", cart, "models/cart.model", null, null);
    Files.delete(repo.root().resolve(".mlctl/registry/points.yaml"));

    assertEquals(List.of(), registry.verify(null).problems());
    assertEquals(List.of(), registry.audit("points"));

    assertEquals(1, registry.register("points", cart, "models/cart.model", null, null).version().version());
    assertEquals(1, trailLines().size());
    assertEquals(List.of(), registry.verify(null).problems());
  }

  @Test
  void verify_catchesALastEntryThatItsRegistryFileDoesNotName_whenTheFileNamesNoEarlierEntry() throws IOException {
    history();
    Path file = repo.root().resolve(".mlctl/registry/points.yaml");
    // A file taken back two changes: not what an interrupted write leaves, so it is reported.
    Files.writeString(file, Files.readString(file).replace("production: 2", "production: 1"));
    List<String> lines = trailLines();
    String head = io.mlctl.core.store.Sha256.of(lines.get(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(file, Files.readString(file).replaceAll("audit_head: \\S+", "audit_head: " + head));
    assertFalse(registry.verify(null).ok());
  }

  @Test
  void gc_keepsRegisteredArtifacts() {
    ModelRegistry.Registered r = registry.register("points", cart, "models/cart.model", null, null);
    new io.mlctl.core.data.Gc(new io.mlctl.core.data.Workspace(project)).call();
    assertTrue(registry.store().contains(r.version().sha256()));
    assertTrue(registry.store().contains(r.version().cardSha256()));
  }
}
