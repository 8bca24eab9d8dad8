package io.mlctl.core.exp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.metrics.DataFiles;
import io.mlctl.core.metrics.Flatten;
import io.mlctl.core.testing.Fuzzing;
import java.util.List;
import java.util.Map;

/**
 * A parameter file as {@code params show} reads it, and an {@code exp run -S} override applied to
 * it. The input's first line is the {@code -S} argument ({@code [FILE:]KEY=VALUE}), the rest is
 * the file: {@code params.yaml}, or the file the argument names ({@code params.json:lr=1} makes
 * it JSON).
 */
class ParamsFuzzTest {
  @FuzzTest(maxDuration = Fuzzing.LONG_RUN)
  void override(byte[] input) {
    String all = Fuzzing.text(input);
    int nl = all.indexOf('\n');
    String arg = nl < 0 ? all : all.substring(0, nl);
    String text = nl < 0 ? "" : all.substring(nl + 1);
    ParamOverrides.Override o;
    try {
      o = ParamOverrides.Override.parse(arg);
    } catch (BadArgumentException e) {
      return;
    }
    String file = o.file() != null ? o.file() : "params.yaml";
    Fuzzing.parses(() -> Flatten.all(DataFiles.parseMap(text, file, file)));
    Fuzzing.parses(() -> {
      try {
        ParamOverrides.apply(Map.of(file, text), List.of(o));
      } catch (BadArgumentException e) {
        // a value that is not valid JSON for a JSON file: usage, exit 2
      }
    });
  }
}
