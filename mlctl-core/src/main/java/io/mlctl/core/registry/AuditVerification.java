package io.mlctl.core.registry;

import io.mlctl.core.MlctlException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the audit trail: every entry parses, is numbered in order and holds the hash of the one
 * before; then replays it and checks that each registry file holds exactly the versions, aliases
 * and alias histories the trail says, and names the trail's last entry about it. An edited,
 * removed or inserted entry, and a registry file edited by hand, all show up as problems.
 *
 * @param entries entries read
 * @param problems what does not hold, one line each; empty when the trail verifies
 */
public record AuditVerification(long entries, List<String> problems) {
  private static final String TRAIL = ".mlctl/registry/" + AuditTrail.FILE;

  public boolean ok() {
    return problems.isEmpty();
  }

  /** A model as the trail says it should be. */
  private static final class Replayed {
    final Map<Integer, String> versions = new TreeMap<>();
    final Map<String, Integer> aliases = new TreeMap<>();
    final Map<String, List<Integer>> history = new TreeMap<>();
    String head;
  }

  /**
   * One entry of the trail and whether the chain vouches for it. Immutable.
   *
   * @param line its line number in the trail
   * @param problem why the chain does not vouch for it, or null when it does
   */
  public record Vouched(int line, AuditEntry entry, String problem) {}

  /**
   * The entries about {@code model}, each checked on its own: an entry is vouched for when the
   * entry after it holds its hash and, for the last entry about the model, when the registry file
   * names it as its audit head. An edited entry fails here, while the entries around it still
   * verify, so a reader sees which one was changed.
   */
  public static List<Vouched> entriesOf(ModelRegistry registry, String model) {
    List<AuditTrail.Line> lines = registry.committedLines();
    String head;
    try {
      head = registry.find(model).map(RegisteredModel::auditHead).orElse(null);
    } catch (MlctlException e) {
      head = null;
    }
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).entry() != null && lines.get(i).entry().model().equals(model)) {
        last = i;
      }
    }
    List<Vouched> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      AuditTrail.Line l = lines.get(i);
      if (l.entry() == null || !l.entry().model().equals(model)) {
        continue;
      }
      String hash = io.mlctl.core.store.Sha256.of(l.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String problem = null;
      if (i + 1 < lines.size() && lines.get(i + 1).entry() != null && !lines.get(i + 1).entry().prev().equals(hash)) {
        problem = TRAIL + ":" + l.number() + ": the entry after it holds another hash of it (it was altered)";
      } else if (i == last && !hash.equals(head)) {
        problem = TRAIL + ":" + l.number() + ": " + ModelRegistry.shown(model) + " names another entry as its last (it was altered)";
      }
      out.add(new Vouched(l.number(), l.entry(), problem));
    }
    return out;
  }

  static AuditVerification run(ModelRegistry registry, String only) {
    List<String> problems = new ArrayList<>();
    List<AuditTrail.Line> lines = registry.committedLines();
    Map<String, Replayed> state = new LinkedHashMap<>();
    String prevHash = AuditEntry.GENESIS;
    long expectSeq = 1;
    for (AuditTrail.Line l : lines) {
      String here = TRAIL + ":" + l.number();
      AuditEntry e = l.entry();
      if (e == null) {
        problems.add(here + ": " + l.problem());
      } else {
        if (e.seq() != expectSeq) {
          problems.add(here + ": entry " + e.seq() + " where entry " + expectSeq + " should be (an entry was removed or inserted)");
        }
        if (!e.prev().equals(prevHash)) {
          problems.add(here + ": entry " + e.seq() + " does not hold the hash of the entry before it (that entry was altered or removed)");
        }
        replay(e, state, here, problems);
        expectSeq = e.seq() + 1;
      }
      prevHash = io.mlctl.core.store.Sha256.of(l.text().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    TreeSet<String> names = new TreeSet<>(registry.names());
    names.addAll(state.keySet());
    for (String name : names) {
      if (only != null && !only.equals(name)) {
        continue;
      }
      compare(registry, name, state.get(name), problems);
    }
    return new AuditVerification(lines.size(), problems);
  }

  private static void replay(AuditEntry e, Map<String, Replayed> state, String here, List<String> problems) {
    Replayed r = state.computeIfAbsent(e.model(), k -> new Replayed());
    Map<String, Object> d = e.details();
    switch (e.action()) {
      case "register" -> r.versions.put(num(d.get("version")), String.valueOf(d.get("sha256")));
      case "promote" -> {
        String alias = String.valueOf(d.get("alias"));
        r.aliases.put(alias, num(d.get("version")));
        r.history.computeIfAbsent(alias, k -> new ArrayList<>()).add(num(d.get("version")));
      }
      case "rollback" -> {
        String alias = String.valueOf(d.get("alias"));
        List<Integer> h = r.history.computeIfAbsent(alias, k -> new ArrayList<>());
        if (!h.isEmpty()) {
          h.remove(h.size() - 1);
        }
        r.aliases.put(alias, num(d.get("to")));
      }
      default -> problems.add(here + ": unknown action '" + e.action() + "'");
    }
    r.head = e.hash();
  }

  private static int num(Object o) {
    return o instanceof Number n ? n.intValue() : -1;
  }

  private static void compare(ModelRegistry registry, String name, Replayed want, List<String> problems) {
    String file = ModelRegistry.shown(name);
    RegisteredModel have;
    try {
      have = registry.find(name).orElse(null);
    } catch (MlctlException e) {
      problems.add(e.getMessage());
      return;
    }
    if (have == null) {
      problems.add(file + ": missing, but the trail records changes to '" + name + "'");
      return;
    }
    if (want == null) {
      problems.add(file + ": the trail records no change to '" + name + "' (the file was written by hand)");
      return;
    }
    Map<Integer, String> versions = new TreeMap<>();
    have.versions().forEach(v -> versions.put(v.version(), v.sha256()));
    if (!versions.equals(want.versions)) {
      problems.add(file + ": its versions " + tags(versions) + " are not the ones the trail records " + tags(want.versions));
    }
    if (!have.aliases().equals(want.aliases)) {
      problems.add(file + ": its aliases " + have.aliases() + " are not the ones the trail records " + want.aliases);
    }
    if (!have.aliasHistory().equals(want.history)) {
      problems.add(file + ": its alias history " + have.aliasHistory() + " is not the one the trail records " + want.history);
    }
    if (!Objects.equals(have.auditHead(), want.head)) {
      problems.add(file + ": names a last audit entry that is not the trail's last entry about '" + name + "'");
    }
  }

  private static String tags(Map<Integer, String> versions) {
    List<String> out = new ArrayList<>();
    versions.forEach((v, h) -> out.add("v" + v + "=" + h.substring(0, Math.min(12, h.length()))));
    return out.toString();
  }
}
