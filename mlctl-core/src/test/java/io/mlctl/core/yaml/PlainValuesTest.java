package io.mlctl.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * mlctl builds plain YAML documents without SnakeYAML's SafeConstructor and dumps without a
 * {@link Yaml}: both must give exactly what SnakeYAML gives, and whatever is not plain must still
 * reach SafeConstructor.
 */
class PlainValuesTest {
  /** SnakeYAML's own reading, with the limits YamlFiles sets. */
  private static Object snakeYaml(String text) {
    LoaderOptions opts = new LoaderOptions();
    opts.setMaxAliasesForCollections(50);
    opts.setNestingDepthLimit(64);
    opts.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(opts)).load(text);
  }

  private static void assertSameReading(String text) {
    Object expected = snakeYaml(text);
    Object actual = YamlFiles.parse(text, "t.yaml");
    assertEquals(expected, actual, text);
    assertEquals(String.valueOf(classes(expected)), String.valueOf(classes(actual)), text);
    // The composed-then-constructed path of mlctl.yaml agrees too.
    assertEquals(expected, YamlFiles.construct(YamlFiles.compose(text, "t.yaml"), "t.yaml"), text);
  }

  /** The document with each leaf replaced by its class, so Integer 1 and Long 1 differ. */
  private static Object classes(Object doc) {
    if (doc instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(classes(k), classes(v)));
      return out;
    }
    if (doc instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(classes(v)));
      return out;
    }
    return doc == null ? "null" : doc.getClass().getSimpleName() + ":" + doc;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "~",
      "null",
      "plain",
      "a: 1\nb: -2\nc: +3\nd: 0\ne: -0\nf: 1_000\n",
      "big: 2147483647\nbigger: 2147483648\nneg: -2147483648\nnegger: -2147483649\n",
      "long: 9223372036854775807\nhuge: 9223372036854775808\nneghuge: -9223372036854775809\n",
      "digits19: 1234567890123456789\ndigits20: 12345678901234567890\n",
      "f: 1.5\ng: -0.0\nh: .5\ni: 1.\nj: 1e3\nk: 1.5E-3\nl: +2.5\nm: 1_000.5\n",
      "inf: .inf\nninf: -.inf\nInf: .Inf\nnan: .nan\nNaN: .NaN\n",
      "t: true\nf: False\ny: yes\nn: NO\non: on\noff: Off\n",
      "n1: ~\nn2: null\nn3: Null\nn4:\n",
      "s1: '123'\ns2: \"true\"\ns3: !!str 5\ns4: hello world\ns5: |\n  two\n  lines\n",
      "list: [1, two, 3.0, null, true]\nnested: {a: [1, {b: c}]}\n",
      "stages:\n  train:\n    cmd: python train.py --lr ${train.lr}\n    deps: [data, src/train.py]\n    outs:\n      - model.pkl\n",
      "base: &b {x: 1, y: [1, 2]}\ncopy: *b\n",
      "1: one\n2.5: two\ntrue: three\n~: four\n",
      "- a\n- - b\n  - c\n- {}\n- []\n",
      "explicit_int: !!int 42\nexplicit_float: !!float 1\nexplicit_bool: !!bool true\nexplicit_null: !!null ''\n",
  })
  void plainDocument_isReadAsSnakeYamlReadsIt(String text) {
    assertSameReading(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "octal: 0755\nhex: 0x1F\nbinary: 0b101\nsexagesimal: 1:30\nfloat60: 1:30.5\n",
      "merged:\n  <<: {a: 1}\n  b: 2\n",
      "when: 2024-01-02\nstamp: 2024-01-02T03:04:05Z\n",
      "set: !!set {a, b}\n",
      "omap: !!omap [a: 1, b: 2]\n",
      "key: [1, 2]\n[1, 2]: sequence key\n",
  })
  void otherDocument_goesToSafeConstructorWithTheSameResult(String text) {
    assertInstanceOf(PlainValues.NotPlain.class, notPlain(text));
    assertSameReading(text);
  }

  private static Throwable notPlain(String text) {
    return assertThrows(PlainValues.NotPlain.class, () -> PlainValues.of(YamlFiles.compose(text, "t.yaml")));
  }

  @Test
  void duplicateKey_isRefusedWithSafeConstructorsWords() {
    String text = "a: 1\nb: 2\na: 3\n";
    notPlain(text);
    YAMLException snake = assertThrows(YAMLException.class, () -> snakeYaml(text));
    BadInputException ours = assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "p.yaml"));
    assertTrue(ours.getMessage().startsWith("p.yaml:3:1: malformed YAML: found duplicate key a"), ours.getMessage());
    assertTrue(snake.getMessage().contains("found duplicate key a"), snake.getMessage());
  }

  @Test
  void unknownTag_isRefusedAsBefore() {
    String text = "x: !!python/object:os.system 'rm -rf /'\n";
    assertThrows(YAMLException.class, () -> snakeYaml(text));
    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "p.yaml"));
    assertTrue(e.getMessage().contains("p.yaml:1:4"), e.getMessage());
  }

  @Test
  void binary_goesToSafeConstructor() {
    String text = "bin: !!binary aGVsbG8=\n";
    notPlain(text);
    assertEquals("hello", new String((byte[]) ((Map<?, ?>) YamlFiles.parse(text, "t.yaml")).get("bin"),
        java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void duplicateKey_inComposedDocument_isRefusedToo() {
    String text = "stages:\n  a:\n    cmd: x\n  a:\n    cmd: y\n";
    BadInputException e = assertThrows(BadInputException.class,
        () -> YamlFiles.construct(YamlFiles.compose(text, "mlctl.yaml"), "mlctl.yaml"));
    assertTrue(e.getMessage().startsWith("mlctl.yaml:4:3: malformed YAML: found duplicate key a"), e.getMessage());
  }

  @Test
  void alias_givesTheSameObjectAsItsAnchor() {
    Object doc = YamlFiles.parse("a: &x [1, 2]\nb: *x\n", "t.yaml");
    Map<?, ?> m = (Map<?, ?>) doc;
    assertSame(m.get("a"), m.get("b"));
  }

  @Test
  void documentContainingItself_goesToSafeConstructor() {
    String text = "&a [1, *a]\n";
    notPlain(text);
    List<?> l = (List<?>) YamlFiles.parse(text, "t.yaml");
    assertSame(l, l.get(1));
  }

  @Test
  void aliasBomb_isStillStoppedByTheLimits() {
    StringBuilder text = new StringBuilder("a: &a [x, x]\n");
    for (int i = 1; i < 60; i++) {
      text.append((char) ('a' + i % 26)).append(i).append(": &n").append(i).append(" [*")
          .append(i == 1 ? "a" : "n" + (i - 1)).append(", *").append(i == 1 ? "a" : "n" + (i - 1)).append("]\n");
    }
    assertThrows(BadInputException.class, () -> YamlFiles.parse(text.toString(), "bomb.yaml"));
  }

  @Test
  void emptyDocument_isNull() {
    assertNull(YamlFiles.parse("", "t.yaml"));
    assertNull(YamlFiles.parse("# only a comment\n", "t.yaml"));
  }

  @Test
  void numbers_haveSnakeYamlsTypes() {
    Map<?, ?> m = (Map<?, ?>) YamlFiles.parse("i: 7\nl: 8589934592\nb: 99999999999999999999\nd: 7.0\n", "t.yaml");
    assertEquals(7, m.get("i"));
    assertEquals(8589934592L, m.get("l"));
    assertEquals(new BigInteger("99999999999999999999"), m.get("b"));
    assertEquals(7.0, m.get("d"));
  }

  /** Random scalars built from the characters numbers are made of: both readings agree, or both fail. */
  @Test
  void randomNumberLikeScalars_areReadAsSnakeYamlReadsThem() {
    Random random = new Random(42);
    String alphabet = "0123456789+-._eE:xobInfNa";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = 1 + random.nextInt(9);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
      }
      String text = "v: " + s + "\n";
      Object expected;
      try {
        expected = snakeYaml(text);
      } catch (YAMLException | NumberFormatException e) {
        assertThrows(RuntimeException.class, () -> YamlFiles.parse(text, "t.yaml"), text);
        continue;
      }
      Object actual = YamlFiles.parse(text, "t.yaml");
      assertEquals(String.valueOf(classes(expected)), String.valueOf(classes(actual)), text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "schema: 1\nstages:\n  b:\n    cmd: x\n  a:\n    cmd: 'yes'\n",
      "outs:\n- path: a.txt\n  sha256: 98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4\n  size: 3\n",
      "m: {lr: 0.001, epochs: 10, on: true, name: \"with: colon\", empty: '', nothing: null, multi: \"a\\nb\"}\n",
      "list: [1, 2.5, -3, [nested], {k: v}]\nlong: " + "x" + "yz" + "\n",
  })
  void dump_writesWhatYamlDumpWrites(String text) {
    Object doc = snakeYaml(text);
    DumperOptions opts = YamlFiles.dumperOptions();
    String expected = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(opts), opts).dump(doc);
    assertEquals(expected, YamlFiles.dump(doc));
    YamlFiles.Dumper dumper = YamlFiles.newDumper();
    assertEquals(expected, dumper.dump(doc));
    assertEquals(expected, dumper.dump(doc), "a dumper is reusable");
  }
  /** A document naming Java classes gets no object of them: a global tag is exit 3, never a constructor call. */
  @ParameterizedTest
  @ValueSource(strings = {
      "a: !!java.io.File /etc/passwd\n",
      "a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]\n",
      "- !!java.lang.ProcessBuilder [[touch, pwned]]\n"})
  void globalTags_namingJavaClasses_areRefused(String text) {
    BadInputException e = assertThrows(BadInputException.class, () -> YamlFiles.parse(text, "params.yaml"));
    assertTrue(e.getMessage().startsWith("params.yaml:"), e.getMessage());
  }
}
