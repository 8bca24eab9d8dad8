package io.mlctl.core.yaml;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.serializer.Serializer;

/**
 * Reads and writes the YAML files mlctl keeps (config, pointers, pipelines, params, the lock, the
 * registry) with SnakeYAML's safe constructor and bounded limits ({@link YamlLimits}), so a hostile
 * file can neither instantiate classes nor exhaust time or memory with long runs or alias bombs. Parse errors become {@link BadInputException}s naming the file,
 * line and column. Thread-safe: every call builds its own parser, which is not.
 */
public final class YamlFiles {
  private static final YamlLimits LIMITS = YamlLimits.fromEnvironment();

  private YamlFiles() {}

  /**
   * Parses one YAML document.
   *
   * @param file the file to read
   * @param shownAs the name the user knows the file by, used in error messages
   * @return the document (maps, lists, strings, numbers, booleans), or null for an empty file
   */
  public static Object load(Path file, String shownAs) {
    try {
      LIMITS.checkSize(Files.size(file), shownAs);
      String text = Files.readString(file);
      LIMITS.checkRuns(text, shownAs);
      return document(single(text, shownAs));
    } catch (NoSuchFileException e) {
      throw new BadInputException(shownAs + ": no such file", null, e);
    } catch (CharacterCodingException e) {
      throw BadInputException.at(shownAs, 0, 0, "not valid UTF-8", null);
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    } catch (YAMLException e) {
      throw malformed(shownAs, e);
    }
  }

  /** Parses one document into nodes that keep their line and column, for precise errors. */
  public static Node compose(String text, String shownAs) {
    checkText(text, shownAs);
    return single(text, shownAs);
  }

  /**
   * Builds the document (maps, lists, scalars) from nodes {@link #compose} returned, with the same
   * safe constructor and limits as {@link #parse}: a file read once gives both positions and values.
   */
  public static Object construct(Node node, String shownAs) {
    try {
      return document(node);
    } catch (YAMLException e) {
      throw malformed(shownAs, e);
    }
  }

  /**
   * The document the nodes hold: built directly when plain ({@link PlainValues}), else by
   * SnakeYAML's safe constructor, which also raises the errors.
   */
  private static Object document(Node node) {
    if (node == null) {
      return null;
    }
    try {
      return PlainValues.of(node);
    } catch (PlainValues.NotPlain e) {
      return new NodeConstructor(loaderOptions()).construct(node);
    }
  }

  /** The size and scanning bounds of {@link YamlLimits}, for text read from anywhere. */
  private static void checkText(String text, String shownAs) {
    LIMITS.checkSize(text.length(), shownAs);
    LIMITS.checkRuns(text, shownAs);
  }

  /**
   * Parses one document of {@code in} into nodes under mlctl's limits (see {@link YamlLimits}),
   * its plain scalars resolved as SnakeYAML's Yaml resolves them.
   */
  private static Node single(String text, String shownAs) {
    LoaderOptions opts = loaderOptions();
    YamlLimits.Bounded parser = LIMITS.parser(new ParserImpl(new StreamReader(text), opts), shownAs);
    try {
      return new Composer(parser, new Resolver(), opts).getSingleNode();
    } catch (MarkedYAMLException e) {
      throw malformed(shownAs, e);
    } catch (YAMLException | IllegalArgumentException e) {
      // The composer's own limits (nesting depth) say no place, nor does its check of a tag
      // (`!%A` makes a tag it then refuses): the parser knows where it was.
      throw parser.placed(e);
    }
  }

  private static final class NodeConstructor extends SafeConstructor {
    NodeConstructor(LoaderOptions opts) {
      super(opts);
      // A Yaml sets this on its constructor; one used on its own must be told.
      setAllowDuplicateKeys(opts.isAllowDuplicateKeys());
    }

    Object construct(Node node) {
      return constructDocument(node);
    }

    // SafeConstructor lets a few malformed values through unwrapped (`!!binary @@`, `!!int 0x`):
    // caught at the innermost node, so the error names its place.
    @Override
    protected Object constructObject(Node node) {
      try {
        return super.constructObject(node);
      } catch (IllegalArgumentException e) {
        throw new Malformed(node, e);
      }
    }
  }

  private static final class Malformed extends MarkedYAMLException {
    private static final long serialVersionUID = 1L;

    Malformed(Node node, IllegalArgumentException cause) {
      super(null, null, cause.getMessage() == null ? "malformed value" : cause.getMessage(), node.getStartMark(), cause);
    }
  }

  /** A problem at a node's place in a file. */
  public static BadInputException at(String shownAs, Node node, String what, String hint) {
    Mark m = node == null ? null : node.getStartMark();
    return m == null ? BadInputException.at(shownAs, 0, 0, what, hint)
        : BadInputException.at(shownAs, m.getLine() + 1, m.getColumn() + 1, what, hint);
  }

  /** Parses YAML text read from somewhere else (a Git blob, say). */
  public static Object parse(String text, String shownAs) {
    checkText(text, shownAs);
    try {
      return document(single(text, shownAs));
    } catch (YAMLException e) {
      throw malformed(shownAs, e);
    }
  }

  /** Parses a document that must be a mapping (or empty, which gives an empty map). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> loadMap(Path file, String shownAs) {
    Object doc = load(file, shownAs);
    return requireMap(doc, shownAs);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> requireMap(Object doc, String shownAs) {
    if (doc == null) {
      return new java.util.LinkedHashMap<>();
    }
    if (!(doc instanceof Map)) {
      throw BadInputException.at(shownAs, 1, 1, "expected a mapping at the top level", null);
    }
    return (Map<String, Object>) doc;
  }

  /** Block-style YAML, keys in the map's iteration order. */
  public static String dump(Object doc) {
    return newDumper().dump(doc);
  }

  /**
   * A dumper writing what {@link #dump} writes, for a caller that dumps many small documents:
   * building one costs more than a small dump. Not thread-safe.
   */
  public static Dumper newDumper() {
    DumperOptions opts = dumperOptions();
    // Representer and Serializer as Yaml.dump uses them, without the constructor a Yaml would
    // make (see PlainValues for why not).
    Representer representer = new Representer(opts);
    Resolver resolver = new Resolver();
    return doc -> {
      java.io.StringWriter out = new java.io.StringWriter();
      Serializer serializer = new Serializer(new Emitter(out, opts), resolver, opts, null);
      try {
        serializer.open();
        serializer.serialize(representer.represent(doc));
        serializer.close();
      } catch (IOException e) {
        throw new YAMLException(e);
      }
      return out.toString();
    };
  }

  /** How mlctl's YAML files look: block style, two-space indents, long lines kept whole. */
  static DumperOptions dumperOptions() {
    DumperOptions opts = new DumperOptions();
    opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    opts.setIndicatorIndent(0);
    opts.setIndent(2);
    opts.setWidth(120);
    opts.setSplitLines(false);
    return opts;
  }

  /** Turns a document into block-style YAML text. */
  @FunctionalInterface
  public interface Dumper {
    String dump(Object doc);
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions opts = new LoaderOptions();
    opts.setMaxAliasesForCollections(YamlLimits.MAX_COLLECTION_ALIASES);
    opts.setNestingDepthLimit(YamlLimits.MAX_DEPTH);
    // Sizes are YamlLimits' to check, with a message that says how to raise them.
    opts.setCodePointLimit(Integer.MAX_VALUE);
    opts.setAllowDuplicateKeys(false);
    return opts;
  }

  private static BadInputException malformed(String shownAs, YAMLException e) {
    if (e instanceof MarkedYAMLException m) {
      Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
      String problem = m.getProblem() != null ? m.getProblem() : "malformed YAML";
      if (mark != null) {
        return BadInputException.at(shownAs, mark.getLine() + 1, mark.getColumn() + 1,
            "malformed YAML: " + problem.replace('\n', ' '), null);
      }
      return BadInputException.at(shownAs, 0, 0, "malformed YAML: " + problem.replace('\n', ' '), null);
    }
    String what = e.getMessage() == null ? "malformed YAML" : e.getMessage().lines().findFirst().orElse("");
    return BadInputException.at(shownAs, 0, 0, "malformed YAML: " + what, null);
  }
}
