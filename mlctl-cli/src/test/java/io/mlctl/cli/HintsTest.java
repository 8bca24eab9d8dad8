package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors whose hint points the right way, for the mistakes people make on a first afternoon. */
class HintsTest {
  @TempDir
  Path tmp;

  Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Cli.project(tmp.resolve("repo"));
    try (InputStream in = getClass().getResourceAsStream("/model/points.csv")) {
      Files.write(repo.resolve("points.csv"), in.readAllBytes());
    }
  }

  @Test
  void regressionOnATextLabel_suggestsAClassifier() {
    String line = Cli.in(repo, "train", "--data", "points.csv", "--label", "label", "--algorithm", "linear", "-o", "m.model")
        .errorLine(3);
    assertEquals("mlctl: error: points.csv:2:4: regression predicts numbers: 'lo' is not a number in column 'label'"
        + " (if 'label' holds classes, train a classifier: --task classification, or --algorithm logistic, cart,"
        + " random-forest or linear-svm)", line);
  }

  @Test
  void mistypedLabel_suggestsTheClosestColumn() {
    String line = Cli.in(repo, "train", "--data", "points.csv", "--label", "lable", "-o", "m.model").errorLine(3);
    assertEquals("mlctl: error: points.csv:1: the label column 'lable' is missing"
        + " (did you mean 'label'? the header has x, y, region, label)", line);
    String far = Cli.in(repo, "train", "--data", "points.csv", "--label", "price", "-o", "m.model").errorLine(3);
    assertEquals("mlctl: error: points.csv:1: the label column 'price' is missing (the header has x, y, region, label)", far);
  }

  @Test
  void checkoutOfAPathNothingTracks_saysSoRatherThanSuggestAdd() throws IOException {
    assertEquals("mlctl: error: 'nope' is not tracked by mlctl, and no such file exists ('mlctl ls' lists the tracked paths)",
        Cli.in(repo, "checkout", "nope").errorLine(3));
    // A file that is there but untracked: adding it is the likely intent.
    assertEquals("mlctl: error: 'points.csv' is not tracked by mlctl (track it with 'mlctl add points.csv')",
        Cli.in(repo, "checkout", "points.csv").errorLine(3));
  }

  @Test
  void promoteWithABareNumber_suggestsTheVersionTag() {
    Cli.Result train = Cli.in(repo, "train", "--data", "points.csv", "--label", "label", "-o", "m.model", "-q");
    assertEquals(0, train.code(), train::toString);
    Cli.Result register = Cli.in(repo, "models", "register", "pts", "m.model", "-q");
    assertEquals(0, register.code(), register::toString);
    assertEquals("mlctl: error: model 'pts' has no alias '1' (versions are written vN: did you mean 'v1'?)",
        Cli.in(repo, "models", "promote", "pts", "1", "--alias", "production").errorLine(3));
    assertEquals("mlctl: error: model 'pts' has no alias '7' (promote a version with 'mlctl models promote')",
        Cli.in(repo, "models", "promote", "pts", "7", "--alias", "production").errorLine(3));
  }
}
