package io.mlctl.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's audit trail, {@code .mlctl/registry/audit.jsonl}: one JSON object a line, each
 * holding the SHA-256 of the line before it. Lines are compared byte for byte, so any edit shows.
 * Appending rewrites the file temp-then-rename under the repository lock: a reader sees the old
 * trail or the new one, never half a line. Not thread-safe; writers hold the repository lock.
 *
 * <p>A change is committed when its model's registry file, written after the trail, names the new
 * entry: {@link ModelRegistry#committedLines} leaves out a last entry whose write was killed
 * before that, and the next append writes over it.
 */
public final class AuditTrail {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = "audit.jsonl";
  private static final String SHOWN = ".mlctl/registry/" + FILE;

  private final Path file;

  public AuditTrail(Path registryDir) {
    this.file = registryDir.resolve(FILE);
  }

  /** A line of the trail as stored: its text, and the entry when it parses. */
  record Line(int number, String text, AuditEntry entry, String problem) {}

  List<Line> lines() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw BadInputException.at(SHOWN, 0, 0, "not valid UTF-8", "run 'mlctl models audit --verify'; restore the trail from Git");
    } catch (IOException e) {
      throw StorageException.of("read", file, e);
    }
    List<Line> out = new ArrayList<>();
    String[] raw = text.split("\n", -1);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i].isEmpty() && i == raw.length - 1) {
        break;
      }
      out.add(parse(i + 1, raw[i]));
    }
    return out;
  }

  private static Line parse(int number, String text) {
    String hash = Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject() || !n.path("seq").canConvertToLong() || !n.path("prev").isTextual()
          || !n.path("action").isTextual() || !n.path("model").isTextual()) {
        return new Line(number, text, null, "not an audit entry");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> details = n.path("details").isObject() ? JSON.convertValue(n.get("details"), LinkedHashMap.class) : Map.of();
      return new Line(number, text, new AuditEntry(n.get("seq").asLong(), n.path("time").asText(), n.path("actor").asText(),
          n.get("action").asText(), n.get("model").asText(), details, n.get("prev").asText(), hash), null);
    } catch (JsonProcessingException e) {
      return new Line(number, text, null, "malformed JSON");
    }
  }

  /** Throws at the first line that does not parse, is out of order or does not hold the hash of the line before. */
  private static void checkChain(List<Line> lines) {
    String prev = AuditEntry.GENESIS;
    for (Line l : lines) {
      String problem = l.entry() == null ? l.problem()
          : l.entry().seq() != l.number() ? "entry " + l.entry().seq() + " where entry " + l.number() + " should be"
          : !l.entry().prev().equals(prev) ? "entry " + l.number() + " does not hold the hash of the entry before it"
          : null;
      if (problem != null) {
        throw BadInputException.at(SHOWN, l.number(), 0, "the audit trail is damaged (" + problem + "); nothing was changed",
            "run 'mlctl models audit --verify', then restore the trail from Git");
      }
      prev = Sha256.of(l.text().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The entries of {@code lines}, in order; a damaged trail is an error here (verify reports it in detail). */
  static List<AuditEntry> entries(List<Line> lines) {
    List<AuditEntry> out = new ArrayList<>();
    for (Line l : lines) {
      if (l.entry() == null) {
        throw BadInputException.at(SHOWN, l.number(), 0, l.problem(), "run 'mlctl models audit --verify'");
      }
      out.add(l.entry());
    }
    return out;
  }

  /**
   * Appends an entry chained to the last of {@code lines} (the committed trail) and returns it;
   * the file is rewritten as those lines and the new one. The caller holds the lock. A trail that
   * does not parse or whose chain is broken is refused, not extended: an entry chained to a
   * damaged one would hide where the damage is.
   */
  AuditEntry append(List<Line> lines, String time, String actor, String action, String model, Map<String, Object> details) {
    checkChain(lines);
    String prev = lines.isEmpty() ? AuditEntry.GENESIS : Sha256.of(lines.get(lines.size() - 1).text().getBytes(StandardCharsets.UTF_8));
    long seq = lines.size() + 1L;
    AuditEntry draft = new AuditEntry(seq, time, actor, action, model, details, prev, null);
    String line;
    try {
      line = JSON.writeValueAsString(draft.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an audit entry", e);
    }
    StringBuilder all = new StringBuilder();
    for (Line l : lines) {
      all.append(l.text()).append('\n');
    }
    all.append(line).append('\n');
    AtomicFiles.writeString(file, all.toString());
    return new AuditEntry(seq, time, actor, action, model, details, prev, Sha256.of(line.getBytes(StandardCharsets.UTF_8)));
  }
}
