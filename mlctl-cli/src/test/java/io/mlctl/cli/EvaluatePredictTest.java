package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate's probability metrics and named slice groups; predict's kept columns and unseen categories. */
class EvaluatePredictTest {
  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.createDirectories(repo.resolve("data"));
      Files.write(repo.resolve("data/points.csv"), in.readAllBytes());
    }
    ok("train", "--data", "data/points.csv", "--label", "label", "--algorithm", "logistic", "-o", "models/m.model", "-q");
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.in(repo, args);
    assertEquals(0, r.code(), r::toString);
    return r;
  }

  @Test
  void evaluate_addsRocAucAndLogLoss_andNamesTheWorstAndBestGroups() {
    JsonNode m = Cli.in(repo, "evaluate", "--model", "models/m.model", "--data", "data/points.csv", "--slice", "region", "--json")
        .json().get("metrics");
    double auc = m.get("roc_auc").asDouble();
    assertTrue(auc > 0.5 && auc <= 1, m.toString());
    assertTrue(m.get("log_loss").asDouble() > 0, m.toString());
    JsonNode slice = m.get("slice");
    String worst = slice.get("min_group").get("accuracy").asText();
    assertTrue(List.of("north", "south").contains(worst), slice.toString());
    assertEquals(slice.get("min").get("accuracy").asDouble(), slice.get("groups").get(worst).get("accuracy").asDouble());
    String best = slice.get("max_group").get("accuracy").asText();
    assertEquals(slice.get("max").get("accuracy").asDouble(), slice.get("groups").get(best).get("accuracy").asDouble());
    assertTrue(slice.get("groups").get(worst).has("roc_auc") || slice.get("groups").get(worst).has("log_loss"), slice.toString());
  }

  @Test
  void predict_keepsIdColumns_andCountsUnseenCategories() throws IOException {
    Files.writeString(repo.resolve("data/new.csv"), "id,x,y,region\n7,1.0,2.0,north\n8,5.0,5.0,east\n9,9.0,1.0,east\n10,3.0,3.0,west\n");
    Cli.Result r = ok("predict", "--model", "models/m.model", "--input", "data/new.csv", "-o", "out/p.csv", "--keep", "id,region");
    List<String> lines = Files.readAllLines(repo.resolve("out/p.csv"));
    assertEquals("id,region,prediction", lines.get(0));
    assertTrue(lines.get(1).matches("7,north,(hi|lo)"), lines.toString());
    assertTrue(lines.get(4).matches("10,west,(hi|lo)"), lines.toString());
    assertEquals("warning: 3 rows had a 'region' the model was not trained on ('east', 'west'); those rows are scored as if it held"
        + " none of the known ones\n", r.err());

    JsonNode doc = Cli.in(repo, "predict", "--model", "models/m.model", "--input", "data/points.csv", "-o", "out/q.csv", "--json").json();
    assertEquals("{}", doc.get("unseen_categories").toString());

    Cli.Result missing = Cli.in(repo, "predict", "--model", "models/m.model", "--input", "data/new.csv", "-o", "out/p.csv", "--keep", "nope");
    assertTrue(missing.errorLine(3).startsWith("mlctl: error: data/new.csv:1: the --keep column 'nope' is missing"), missing.err());
  }
}
