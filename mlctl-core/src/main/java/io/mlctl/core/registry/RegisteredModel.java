package io.mlctl.core.registry;

import io.mlctl.core.BadInputException;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.yaml.YamlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model in the registry, as {@code .mlctl/registry/NAME.yaml} holds it: its versions, its
 * aliases, each alias's history (for rollback) and the hash of the last audit-trail entry that
 * changed it. Immutable: operations return a changed copy.
 */
public record RegisteredModel(String name, List<ModelVersion> versions, Map<String, Integer> aliases,
    Map<String, List<Integer>> aliasHistory, String auditHead) {
  public static final int SCHEMA = 1;

  public RegisteredModel {
    versions = List.copyOf(versions);
    aliases = java.util.Collections.unmodifiableMap(new TreeMap<>(aliases));
    Map<String, List<Integer>> h = new TreeMap<>();
    aliasHistory.forEach((k, v) -> h.put(k, List.copyOf(v)));
    aliasHistory = java.util.Collections.unmodifiableMap(h);
  }

  public static RegisteredModel empty(String name) {
    return new RegisteredModel(name, List.of(), Map.of(), Map.of(), null);
  }

  public Optional<ModelVersion> version(int n) {
    return versions.stream().filter(v -> v.version() == n).findFirst();
  }

  public int nextVersion() {
    return versions.stream().mapToInt(ModelVersion::version).max().orElse(0) + 1;
  }

  RegisteredModel withVersion(ModelVersion v, String head) {
    List<ModelVersion> vs = new ArrayList<>(versions);
    vs.add(v);
    return new RegisteredModel(name, vs, aliases, aliasHistory, head);
  }

  RegisteredModel withAlias(String alias, int version, String head) {
    Map<String, Integer> a = new LinkedHashMap<>(aliases);
    a.put(alias, version);
    Map<String, List<Integer>> h = new LinkedHashMap<>(aliasHistory);
    List<Integer> list = new ArrayList<>(h.getOrDefault(alias, List.of()));
    list.add(version);
    h.put(alias, list);
    return new RegisteredModel(name, versions, a, h, head);
  }

  /** The alias moved back to the version that held it before, which must exist. */
  RegisteredModel rolledBack(String alias, String head) {
    List<Integer> list = new ArrayList<>(aliasHistory.getOrDefault(alias, List.of()));
    list.remove(list.size() - 1);
    Map<String, Integer> a = new LinkedHashMap<>(aliases);
    a.put(alias, list.get(list.size() - 1));
    Map<String, List<Integer>> h = new LinkedHashMap<>(aliasHistory);
    h.put(alias, list);
    return new RegisteredModel(name, versions, a, h, head);
  }

  String toYaml() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", SCHEMA);
    m.put("name", name);
    List<Object> vs = new ArrayList<>();
    versions.forEach(v -> vs.add(v.toYaml()));
    m.put("versions", vs);
    m.put("aliases", new LinkedHashMap<>(aliases));
    Map<String, Object> h = new LinkedHashMap<>();
    aliasHistory.forEach((k, v) -> h.put(k, new ArrayList<>(v)));
    m.put("alias_history", h);
    m.put("audit_head", auditHead);
    return "# The mlctl model registry for '" + name + "'. Written by 'mlctl models'; every change is in audit.jsonl.\n"
        + YamlFiles.dump(m);
  }

  @SuppressWarnings("unchecked")
  static RegisteredModel parse(String text, String shownAs) {
    Map<String, Object> m = YamlFiles.requireMap(YamlFiles.parse(text, shownAs), shownAs);
    if (!Integer.valueOf(SCHEMA).equals(m.get("schema"))) {
      throw bad(shownAs, "unknown registry schema " + m.get("schema"));
    }
    String name = str(m, "name", shownAs);
    List<ModelVersion> versions = new ArrayList<>();
    for (Object o : list(m.get("versions"), shownAs, "versions")) {
      if (!(o instanceof Map<?, ?> v)) {
        throw bad(shownAs, "a version is not a mapping");
      }
      Map<String, Object> vm = (Map<String, Object>) v;
      Object n = vm.get("version");
      if (!(n instanceof Integer num) || num < 1) {
        throw bad(shownAs, "a version has no positive 'version' number");
      }
      String sha = str(vm, "sha256", shownAs);
      String card = str(vm, "card_sha256", shownAs);
      if (!Sha256.isHash(sha) || !Sha256.isHash(card)) {
        throw bad(shownAs, "v" + num + " has a malformed sha256");
      }
      versions.add(new ModelVersion(num, sha, vm.get("size") instanceof Number s ? s.longValue() : 0, card,
          vm.get("card") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of(),
          vm.get("metrics") instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(),
          (String) opt(vm, "run"), (String) opt(vm, "source"), (String) opt(vm, "registered_by"), (String) opt(vm, "registered_at"),
          // absent in files written before metrics were bound to models: such metrics are unverified
          Boolean.TRUE.equals(vm.get("metrics_verified")), (String) opt(vm, "metrics_data_sha256"), (String) opt(vm, "description"),
          tags(vm.get("tags"), shownAs, num)));
    }
    Map<String, Integer> aliases = new LinkedHashMap<>();
    if (m.get("aliases") instanceof Map<?, ?> a) {
      a.forEach((k, v) -> {
        if (!(v instanceof Integer i)) {
          throw bad(shownAs, "the alias '" + k + "' does not name a version number");
        }
        aliases.put(String.valueOf(k), i);
      });
    }
    Map<String, List<Integer>> history = new LinkedHashMap<>();
    if (m.get("alias_history") instanceof Map<?, ?> h) {
      h.forEach((k, v) -> {
        List<Integer> l = new ArrayList<>();
        for (Object o : list(v, shownAs, "alias_history")) {
          if (!(o instanceof Integer i)) {
            throw bad(shownAs, "the history of alias '" + k + "' holds a non-number");
          }
          l.add(i);
        }
        history.put(String.valueOf(k), l);
      });
    }
    return new RegisteredModel(name, versions, aliases, history, (String) opt(m, "audit_head"));
  }

  private static Map<String, String> tags(Object o, String shownAs, int version) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o == null) {
      return out;
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw bad(shownAs, "the tags of v" + version + " are not a mapping");
    }
    m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    return out;
  }

  private static Object opt(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v == null ? null : v instanceof String ? v : String.valueOf(v);
  }

  private static String str(Map<String, Object> m, String k, String shownAs) {
    Object v = m.get(k);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad(shownAs, "missing '" + k + "'");
    }
    return s;
  }

  private static List<?> list(Object o, String shownAs, String what) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List<?> l)) {
      throw bad(shownAs, "'" + what + "' is not a list");
    }
    return l;
  }

  private static BadInputException bad(String shownAs, String what) {
    return new BadInputException(shownAs + ": " + what, "the registry file is written by 'mlctl models'; restore it with git");
  }
}
