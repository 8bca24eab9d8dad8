package io.mlctl.core.lineage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One link of a lineage: a thing (a request, a model version, an object, a stage, a commit), how
 * far it is proven, and the things it came from. Immutable and nested, as Tribuo's provenance is:
 * a node holds its origins, so a lineage is one value that can be walked, printed or compared.
 *
 * @param id unique among nodes of its kind in one lineage (a path with a hash prefix, {@code NAME@vN}, a SHA)
 * @param summary one line for people
 * @param reason why the link failed or is missing, or null
 * @param details what the record says, with snake_case keys; values are strings, numbers, booleans, lists or maps
 * @param origins what this node came from, each with the relation that ties them
 */
public record LineageNode(NodeKind kind, String id, LinkStatus status, String summary, String reason,
    Map<String, Object> details, List<Origin> origins) {

  /** An edge: this node came from {@code node}, in the way {@code relation} (snake_case) says. */
  public record Origin(String relation, LineageNode node) {}

  public LineageNode {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    origins = List.copyOf(origins);
  }

  /** The key that names this node in a graph: {@code kind:id}. */
  public String key() {
    return kind.id() + ":" + id;
  }

  /** Starts a node; origins are added with {@link Builder#from}. */
  public static Builder of(NodeKind kind, String id, LinkStatus status, String summary) {
    return new Builder(kind, id, status, summary);
  }

  /** Assembles a node; not thread-safe. */
  public static final class Builder {
    private final NodeKind kind;
    private final String id;
    private LinkStatus status;
    private final String summary;
    private String reason;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<Origin> origins = new ArrayList<>();

    private Builder(NodeKind kind, String id, LinkStatus status, String summary) {
      this.kind = kind;
      this.id = id;
      this.status = status;
      this.summary = summary;
    }

    public Builder detail(String key, Object value) {
      details.put(key, value);
      return this;
    }

    /** Marks the link broken with this status and reason; the first reason given is kept. */
    public Builder broken(LinkStatus s, String why) {
      if (!status.broken() || (status == LinkStatus.MISSING && s == LinkStatus.FAILED)) {
        status = s;
      }
      reason = reason == null ? why : reason + "; " + why;
      return this;
    }

    public Builder from(String relation, LineageNode node) {
      if (node != null) {
        origins.add(new Origin(relation, node));
      }
      return this;
    }

    public LinkStatus status() {
      return status;
    }

    public LineageNode build() {
      return new LineageNode(kind, id, status, summary, reason, details, origins);
    }
  }
}
