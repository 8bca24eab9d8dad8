package io.mlctl.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import io.mlctl.core.state.MachineKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline parsed last is reused exactly while mlctl.yaml and params.yaml keep their text. */
class PipelineCacheTest {
  private FileSystem fs;
  private Path root;

  private static final String PARAMS = "train: {lr: 0.1, epochs: 3}\nmodels: [logistic, cart]\n";

  /** Every kind of field a stage has, with text that needs escaping. */
  private static final String YAML = """
      vars:
        - greeting: "tab\\there"
      stages:
        prepare:
          cmd:
            - printf 'a\\tb\\n' > data/prep.txt
            - echo "back\\\\slash ${greeting}"
          deps: [data/raw.csv]
          outs: [data/prep.txt, {data/keep.txt: {cache: false, persist: true}}]
        train:
          foreach: ${models}
          do:
            cmd: train --model ${item} --lr ${train.lr}
            wdir: src
            deps: [../data/prep.txt]
            params: [train.lr, {other.yaml: [a.b]}, {whole.yaml: []}]
            outs: [../models/${item}.bin]
            metrics: [{../metrics/${item}.json: {cache: false}}]
            plots: [../plots/${item}.csv]
        report:
          cmd: echo done
          frozen: true
          always_changed: true
      """;

  @BeforeEach
  void setUp() throws IOException {
    fs = Jimfs.newFileSystem(Configuration.unix());
    root = Files.createDirectories(fs.getPath("/p"));
    Files.createDirectories(root.resolve(".mlctl/state"));
    Files.writeString(root.resolve("params.yaml"), PARAMS);
    Files.writeString(root.resolve("mlctl.yaml"), YAML);
  }

  @AfterEach
  void tearDown() throws IOException {
    fs.close();
  }

  private Path cacheFile() {
    return root.resolve(".mlctl/state/" + PipelineCache.FILE);
  }

  @Test
  void savedPipeline_isLoadedEqual_fromTheSameText() {
    Pipeline parsed = new PipelineFile(root).parse(YAML);
    assertEquals(4, parsed.stages().size(), parsed.toString());
    PipelineCache.save(root, YAML, PARAMS, parsed);
    Pipeline loaded = PipelineCache.load(root, YAML, PARAMS);
    assertEquals(parsed, loaded);
    assertEquals(parsed.locations(), loaded.locations());
  }

  @Test
  void otherText_missesTheCache() {
    Pipeline parsed = new PipelineFile(root).parse(YAML);
    PipelineCache.save(root, YAML, PARAMS, parsed);
    assertNull(PipelineCache.load(root, YAML + "\n", PARAMS));
    assertNull(PipelineCache.load(root, YAML, PARAMS.replace("0.1", "0.2")));
    assertNull(PipelineCache.load(root, YAML, null));
    PipelineCache.save(root, YAML, null, parsed);
    assertNull(PipelineCache.load(root, YAML, PARAMS));
    assertEquals(parsed, PipelineCache.load(root, YAML, null));
  }

  @Test
  void damagedCache_isIgnored_whereverItIsCut() throws IOException {
    Pipeline parsed = new PipelineFile(root).parse(YAML);
    PipelineCache.save(root, YAML, PARAMS, parsed);
    byte[] whole = Files.readAllBytes(cacheFile());
    for (int cut = 0; cut < whole.length; cut += 7) {
      Files.write(cacheFile(), java.util.Arrays.copyOf(whole, cut));
      assertNull(PipelineCache.load(root, YAML, PARAMS), "cut at " + cut);
    }
    String text = new String(whole, StandardCharsets.UTF_8);
    for (String bad : List.of(text.replace("mlctl pipeline cache 2", "mlctl pipeline cache 9"),
        text.replace("\tOUT\t", "\tNOPE\t"), text.replaceFirst("\\\\t", "\\\\q"), text.replace("\nend\n", "\n"),
        "garbage")) {
      Files.writeString(cacheFile(), bad);
      assertNull(PipelineCache.load(root, YAML, PARAMS), bad);
    }
    Files.write(cacheFile(), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    assertNull(PipelineCache.load(root, YAML, PARAMS));
  }

  @Test
  void read_keepsThePipelineAndFollowsEditsOfEitherFile() throws IOException {
    Pipeline first = new PipelineFile(root).read();
    assertTrue(Files.exists(cacheFile()));
    assertEquals(first, PipelineCache.load(root, YAML, PARAMS));
    assertEquals(first, new PipelineFile(root).read());

    Files.writeString(root.resolve("params.yaml"), PARAMS.replace("0.1", "0.5"));
    Pipeline second = new PipelineFile(root).read();
    assertTrue(second.stages().get(1).command().contains("--lr 0.5"), second.toString());

    Files.writeString(root.resolve("mlctl.yaml"), YAML.replace("echo done", "echo finished"));
    assertEquals("echo finished", new PipelineFile(root).read().stages().get(3).command());

    Files.delete(root.resolve("params.yaml"));
    Files.writeString(root.resolve("mlctl.yaml"), "stages:\n  only:\n    cmd: 'true'\n");
    assertEquals(List.of("only"), new PipelineFile(root).read().stages().stream().map(Stage::name).toList());
  }

  @Test
  void prefetch_savesAndUsesTheCacheToo() throws IOException {
    Pipeline ahead = PipelineFile.prefetch(root);
    PipelineFile.discardPrefetch();
    assertEquals(ahead, PipelineCache.load(root, YAML, PARAMS));
    Files.writeString(root.resolve("params.yaml"), PARAMS.replace("0.1", "0.3"));
    Pipeline again = PipelineFile.prefetch(root);
    PipelineFile.discardPrefetch();
    assertTrue(again.stages().get(1).command().contains("--lr 0.3"), again.toString());
  }

  /** What a repository's author could commit as .mlctl/state/pipeline: other commands, sealed with their own key. */
  @Test
  void aCacheSealedElsewhere_orEditedAfterItsSeal_isIgnored_andMlctlYamlDecides(@TempDir Path elsewhere) throws IOException {
    Pipeline parsed = new PipelineFile(root).parse(YAML);
    PipelineCache.save(root, YAML, PARAMS, parsed);
    String text = Files.readString(cacheFile());
    String[] lines = text.split("\n", 3);
    assertEquals("mlctl pipeline cache 2", lines[0]);
    String forgedBody = lines[2].replace("echo done", "touch pwned");
    assertTrue(forgedBody.contains("touch pwned"));

    Files.writeString(cacheFile(), lines[0] + "\n" + lines[1] + "\n" + forgedBody);
    assertNull(PipelineCache.load(root, YAML, PARAMS), "edited after its seal");

    MachineKey theirs = MachineKey.of(Map.of("XDG_CACHE_HOME", elsewhere.toString()), elsewhere.toString());
    Files.writeString(cacheFile(), lines[0] + "\n" + theirs.seal(forgedBody, true) + "\n" + forgedBody);
    assertNull(PipelineCache.load(root, YAML, PARAMS), "sealed with another machine's key");
    assertEquals("echo done", new PipelineFile(root).read().stages().get(3).command());

    Files.writeString(cacheFile(), lines[0] + "\n" + lines[2]);
    assertNull(PipelineCache.load(root, YAML, PARAMS), "no seal at all");
  }

  @Test
  void noStateFolder_writesNothingAndStillReads() throws IOException {
    Files.delete(root.resolve(".mlctl/state"));
    Pipeline p = new PipelineFile(root).read();
    assertEquals(4, p.stages().size());
    assertFalse(Files.exists(root.resolve(".mlctl/state")));
  }
}
