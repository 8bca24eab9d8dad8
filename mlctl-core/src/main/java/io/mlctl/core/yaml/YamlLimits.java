package io.mlctl.core.yaml;

import io.mlctl.core.BadInputException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * The bounds on what one YAML file may cost to read, checked before and while SnakeYAML parses
 * it, each refused as bad input naming the file, line and column:
 *
 * <ul>
 *   <li>the file's size ({@value #ENV}, default 16 MiB);
 *   <li>the longest run of characters SnakeYAML scans as one piece (a word, a quoted run, a
 *       comment): its reader copies the whole run again for every kilobyte read, so a 10 MB
 *       one-line file would take half a minute; 256 KiB costs milliseconds;
 *   <li>the size of the document with every alias expanded (the same limit as the file): an
 *       alias of a large scalar costs nothing to write and everything to use, so {@code a: &a
 *       "<a million x>"} and {@code b: [*a, *a, ...]} would make gigabytes of any command that
 *       reads {@code b};
 *   <li>the number of aliases of collections, as SnakeYAML counts them, but with a place: a
 *       billion-laughs document (nine levels of nine aliases of the level before) is refused at
 *       its 51st alias;
 *   <li>the depth of nested lists and mappings ({@value #MAX_DEPTH}), which SnakeYAML's composer
 *       checks: building a document recurses once per level, so ten thousand {@code [} would
 *       otherwise overflow the stack.
 * </ul>
 *
 * Immutable limits; each {@link #parser} is for one parse and not thread-safe.
 */
final class YamlLimits {
  /** The environment variable that raises the size limit, in bytes. */
  static final String ENV = "MLCTL_YAML_MAX_BYTES";
  static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;
  static final int MAX_RUN = 256 * 1024;
  static final int MAX_COLLECTION_ALIASES = 50;
  static final int MAX_DEPTH = 64;

  private final long maxBytes;

  YamlLimits(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The limits in force: the environment's size limit, else the default. */
  static YamlLimits fromEnvironment() {
    String v = System.getenv(ENV);
    if (v != null) {
      try {
        long n = Long.parseLong(v.trim());
        if (n > 0) {
          return new YamlLimits(n);
        }
      } catch (NumberFormatException ignored) {
        // an unusable setting keeps the default rather than failing every command
      }
    }
    return new YamlLimits(DEFAULT_MAX_BYTES);
  }

  long maxBytes() {
    return maxBytes;
  }

  /** Refuses a file of {@code size} bytes (or characters) over the limit. */
  void checkSize(long size, String shownAs) {
    if (size > maxBytes) {
      throw BadInputException.at(shownAs, 0, 0, "the file has " + size + " bytes, more than the " + maxBytes
          + " mlctl reads from a YAML file", "raise the limit with " + ENV + "=BYTES if the file is meant to be this large");
    }
  }

  /**
   * Refuses text with a run SnakeYAML would scan in quadratic time: more than {@link #MAX_RUN}
   * characters without a space or line break, or a comment line that long.
   */
  void checkRuns(CharSequence text, String shownAs) {
    int line = 1;
    int lineStart = 0;
    int runStart = 0;
    boolean comment = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        line += c == '\n' ? 1 : 0;
        lineStart = i + 1;
        runStart = i + 1;
        comment = false;
        continue;
      }
      if (c == '#' && (i == lineStart || text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
        comment = true;
      }
      if (!comment && (c == ' ' || c == '\t')) {
        runStart = i + 1;
      } else if (i - runStart >= MAX_RUN) {
        throw BadInputException.at(shownAs, line, runStart - lineStart + 1, "more than " + MAX_RUN
            + " characters without a space or line break", "split the value or the comment over several lines");
      }
    }
  }

  /** {@code in} with the expansion and alias bounds applied to the events it hands out. */
  Bounded parser(Parser in, String shownAs) {
    return new Bounded(in, shownAs);
  }

  /**
   * Counts the size of the document as the composer will build it: a scalar counts its length, an
   * alias counts everything its anchor covered, each time it is used.
   */
  final class Bounded implements Parser {
    private final Parser in;
    private final String shownAs;
    private final Map<String, Long> anchorSizes = new HashMap<>();
    private final Map<String, Boolean> anchorIsCollection = new HashMap<>();
    /** Open collections: their anchor (or null) and the expanded size when they started. */
    private final Deque<Object[]> open = new ArrayDeque<>();
    private long expanded;
    private int collectionAliases;

    Bounded(Parser in, String shownAs) {
      this.in = in;
      this.shownAs = shownAs;
    }

    /** Where the last event started: the place for SnakeYAML's own errors that carry none. */
    private Mark last;

    @Override
    public boolean checkEvent(Event.ID choice) {
      try {
        return in.checkEvent(choice);
      } catch (MarkedYAMLException ex) {
        throw ex;
      } catch (YAMLException ex) {
        throw placed(ex);
      }
    }

    @Override
    public Event peekEvent() {
      try {
        return in.peekEvent();
      } catch (MarkedYAMLException ex) {
        throw ex;
      } catch (YAMLException ex) {
        throw placed(ex);
      }
    }

    @Override
    public Event getEvent() {
      Event e;
      try {
        e = in.getEvent();
      } catch (MarkedYAMLException ex) {
        throw ex;
      } catch (YAMLException ex) {
        throw placed(ex);
      }
      last = e.getStartMark();
      if (e instanceof ScalarEvent s) {
        long size = s.getValue().length() + 1;
        add(size, e);
        if (s.getAnchor() != null) {
          anchorSizes.put(s.getAnchor(), size);
          anchorIsCollection.put(s.getAnchor(), false);
        }
      } else if (e instanceof CollectionStartEvent c) {
        add(1, e);
        open.push(new Object[] {c.getAnchor(), expanded});
      } else if (e.is(Event.ID.SequenceEnd) || e.is(Event.ID.MappingEnd)) {
        Object[] started = open.pop();
        if (started[0] != null) {
          anchorSizes.put((String) started[0], expanded - (Long) started[1] + 1);
          anchorIsCollection.put((String) started[0], true);
        }
      } else if (e instanceof AliasEvent a) {
        if (Boolean.TRUE.equals(anchorIsCollection.get(a.getAnchor()))
            && ++collectionAliases > MAX_COLLECTION_ALIASES) {
          throw at(e, "more than " + MAX_COLLECTION_ALIASES + " aliases of lists or mappings", null);
        }
        add(anchorSizes.getOrDefault(a.getAnchor(), 1L), e);
      }
      return e;
    }

    private void add(long size, Event e) {
      expanded += size;
      if (expanded > maxBytes) {
        throw at(e, "the document expands to more than " + maxBytes + " characters"
            + (e instanceof AliasEvent ? " through its aliases" : ""),
            "use fewer aliases, or raise the limit with " + ENV + "=BYTES");
      }
    }

    /** SnakeYAML's error that carries no place, at the place of the last event read. */
    BadInputException placed(RuntimeException ex) {
      String what = ex.getMessage() == null ? "malformed YAML" : ex.getMessage().lines().findFirst().orElse("");
      return at(last, "malformed YAML: " + what, null);
    }

    private BadInputException at(Event e, String what, String hint) {
      return at(e.getStartMark(), what, hint);
    }

    private BadInputException at(Mark m, String what, String hint) {
      return m == null ? BadInputException.at(shownAs, 0, 0, what, hint)
          : BadInputException.at(shownAs, m.getLine() + 1, m.getColumn() + 1, what, hint);
    }
  }
}
