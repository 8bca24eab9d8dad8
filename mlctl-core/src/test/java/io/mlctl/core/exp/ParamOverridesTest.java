package io.mlctl.core.exp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamOverridesTest {
  private static final String PARAMS = """
      # how we train
      train:
        lr: 0.1      # learning rate
        optimizer: adam
        layers: [64, 32]
      seed: 7
      """;

  private static Map<String, String> files(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static List<ParamOverrides.Override> sets(String... s) {
    return java.util.Arrays.stream(s).map(ParamOverrides.Override::parse).toList();
  }

  @Test
  void apply_replacesOnlyTheValue_keepingCommentsAndLayout() {
    Map<String, String> out = ParamOverrides.apply(files("params.yaml", PARAMS), sets("train.lr=0.02", "seed=8"));
    assertEquals(PARAMS.replace("lr: 0.1", "lr: 0.02").replace("seed: 7", "seed: 8"), out.get("params.yaml"));
  }

  @Test
  void apply_quotesTextThatYamlWouldReadAsSomethingElse_andWritesLists() {
    Map<String, String> out = ParamOverrides.apply(files("params.yaml", PARAMS),
        sets("train.optimizer=sgd # fast", "train.layers=[8, 4]"));
    assertEquals(PARAMS.replace("adam", "\"sgd # fast\"").replace("[64, 32]", "[8, 4]"), out.get("params.yaml"));
  }

  @Test
  void apply_inAJsonFileNamedByTheOverride_writesJson() {
    Map<String, String> out = ParamOverrides.apply(files("params.yaml", PARAMS, "model.json", "{\"depth\": 3, \"kind\": \"tree\"}"),
        sets("model.json:depth=5", "model.json:kind=forest"));
    assertEquals("{\"depth\": 5, \"kind\": \"forest\"}", out.get("model.json"));
    assertEquals(List.of("model.json"), List.copyOf(out.keySet()));
  }

  @Test
  void aKeyNoFileHas_isBadInputListingCloseMatches() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> ParamOverrides.apply(files("params.yaml", PARAMS), sets("seed=1", "train.lrr=0.5")));
    assertEquals("-S train.lrr: no such parameter in params.yaml", e.getMessage());
    assertEquals("did you mean train.lr?", e.hint().orElseThrow());
  }

  @Test
  void aKeyThatNamesASection_isBadInput() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> ParamOverrides.apply(files("params.yaml", PARAMS), sets("train=1")));
    assertEquals("-S train: params.yaml holds a section there, not a value", e.getMessage());
  }

  @Test
  void anOverrideWithoutEquals_isAUsageError() {
    assertThrows(BadArgumentException.class, () -> ParamOverrides.Override.parse("train.lr"));
  }

  @Test
  void typed_readsValuesAsYamlDoes() {
    assertEquals(0.5, ParamOverrides.typed("0.5"));
    assertEquals(3, ParamOverrides.typed("3"));
    assertEquals(true, ParamOverrides.typed("true"));
    assertEquals("adam", ParamOverrides.typed("adam"));
    assertEquals("sgd # fast", ParamOverrides.typed("sgd # fast"));
    assertEquals(List.of(1, 2), ParamOverrides.typed("[1, 2]"));
  }
}
