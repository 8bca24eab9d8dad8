package io.mlctl.core.lineage;

import io.mlctl.core.MlctlException;
import io.mlctl.core.exp.RunRecord;
import io.mlctl.core.model.ModelCard;
import io.mlctl.core.registry.AuditEntry;
import io.mlctl.core.registry.AuditVerification;
import io.mlctl.core.registry.ModelVersion;
import io.mlctl.core.registry.RegisteredModel;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The links of a model: a registered version with its audit entries, its artifact and card in
 * the cache, the stage that produced it, the data and commit its card names, and the run that
 * made it; or a model file in the work tree with the card beside it.
 */
final class ModelLinks {
  private final Sources src;
  private final DataLinks data;

  ModelLinks(Sources src) {
    this.src = src;
    this.data = new DataLinks(src);
  }

  LineageNode version(RegisteredModel m, ModelVersion v) {
    String ref = m.name() + "@" + v.tag();
    List<String> aliases = new ArrayList<>();
    m.aliases().forEach((a, n) -> {
      if (n == v.version()) {
        aliases.add(a);
      }
    });
    LineageNode.Builder b = LineageNode.of(NodeKind.MODEL_VERSION, ref, LinkStatus.VERIFIED,
        ref + (aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")") + ", registered by " + v.registeredBy() + " at " + v.registeredAt())
        .detail("name", m.name()).detail("version", v.tag()).detail("aliases", aliases).detail("sha256", v.sha256())
        .detail("card_sha256", v.cardSha256()).detail("registered_by", v.registeredBy()).detail("registered_at", v.registeredAt())
        .detail("source", v.source()).detail("run", v.run()).detail("metrics", v.metrics());
    boolean entryFailed = audit(b, m.name(), v);
    AuditVerification whole = src.registry.verify(m.name());
    b.detail("audit_trail_verifies", whole.ok());
    if (!whole.ok() && !entryFailed) {
      b.broken(LinkStatus.FAILED, "the audit trail does not verify: " + String.join("; ", whole.problems()));
    }
    LineageNode artifact = artifact(v.sha256(), v.source());
    b.from("stored_as", artifact);
    ModelCard card = null;
    LineageNode.Builder cb = LineageNode.of(NodeKind.CARD, v.cardSha256(), LinkStatus.VERIFIED, DataLinks.shortHash(v.cardSha256()));
    Optional<Boolean> holds = src.objectHolds(v.cardSha256());
    if (holds.isEmpty()) {
      cb.broken(LinkStatus.MISSING, "the card object " + DataLinks.shortHash(v.cardSha256()) + " is not in the cache ('mlctl pull' fetches it)");
    } else if (!holds.get()) {
      cb.broken(LinkStatus.FAILED, "the cached card " + DataLinks.shortHash(v.cardSha256()) + " no longer hashes to its name (run 'mlctl fsck')");
    } else {
      try {
        card = ModelCard.parse(new String(src.store.readVerified(v.cardSha256()), StandardCharsets.UTF_8), ref + " card");
      } catch (MlctlException e) {
        cb.broken(LinkStatus.FAILED, e.getMessage());
      }
    }
    if (card != null) {
      if (!v.sha256().equals(card.modelSha256())) {
        cb.broken(LinkStatus.FAILED, "the card describes model " + DataLinks.shortHash(card.modelSha256()) + ", not " + DataLinks.shortHash(v.sha256()));
      }
      fromCard(cb, card);
    }
    b.from("described_by", cb.build());
    b.from("made_in_run", run(v.run(), v.sha256()));
    return b.build();
  }

  /** Adds the audit entries about this version; true when one of them fails. */
  private boolean audit(LineageNode.Builder b, String name, ModelVersion v) {
    List<AuditVerification.Vouched> entries;
    try {
      entries = AuditVerification.entriesOf(src.registry, name);
    } catch (MlctlException e) {
      b.broken(LinkStatus.FAILED, e.getMessage());
      return true;
    }
    boolean failed = false;
    AuditEntry register = null;
    for (AuditVerification.Vouched ve : entries) {
      AuditEntry e = ve.entry();
      Map<String, Object> d = e.details();
      boolean about = switch (e.action()) {
        case "register", "promote" -> num(d.get("version")) == v.version();
        case "rollback" -> num(d.get("to")) == v.version() || num(d.get("from")) == v.version();
        default -> false;
      };
      if (!about) {
        continue;
      }
      if (e.action().equals("register")) {
        register = e;
      }
      String what = e.action() + (d.get("alias") != null ? " " + d.get("alias") : "");
      LineageNode.Builder n = LineageNode.of(NodeKind.AUDIT_ENTRY, String.valueOf(e.seq()),
          ve.problem() == null ? LinkStatus.VERIFIED : LinkStatus.FAILED, "#" + e.seq() + " " + what + " by " + e.actor() + " at " + e.time())
          .detail("seq", e.seq()).detail("time", e.time()).detail("actor", e.actor()).detail("action", e.action())
          .detail("details", e.shownDetails()).detail("hash", e.hash()).detail("line", ve.line());
      if (ve.problem() != null) {
        n.broken(LinkStatus.FAILED, ve.problem());
        failed = true;
      }
      b.from(e.action().equals("register") ? "registered_by" : e.action().equals("promote") ? "promoted_by" : "rolled_back_by", n.build());
    }
    if (register == null) {
      b.broken(LinkStatus.FAILED, "the audit trail holds no entry registering " + v.tag());
    } else if (!v.sha256().equals(register.details().get("sha256")) || !v.cardSha256().equals(register.details().get("card_sha256"))) {
      b.broken(LinkStatus.FAILED, "the registry file's hashes for " + v.tag() + " are not the ones audit entry #" + register.seq() + " records");
    }
    return failed;
  }

  private static int num(Object o) {
    return o instanceof Number n ? n.intValue() : -1;
  }

  /** The model's bytes in the cache, and the stage that wrote them. */
  private LineageNode artifact(String sha256, String source) {
    LineageNode.Builder b = LineageNode.of(NodeKind.ARTIFACT, sha256, LinkStatus.VERIFIED, DataLinks.shortHash(sha256))
        .detail("sha256", sha256).detail("object", ".mlctl/cache/sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2));
    Optional<Boolean> holds = src.objectHolds(sha256);
    if (holds.isEmpty()) {
      b.broken(LinkStatus.MISSING, "the model object " + DataLinks.shortHash(sha256) + " is not in the cache ('mlctl pull' fetches it)");
    } else if (!holds.get()) {
      b.broken(LinkStatus.FAILED, "the cached model " + DataLinks.shortHash(sha256) + " no longer hashes to its name (run 'mlctl fsck')");
    }
    producer(sha256, source).ifPresent(s -> b.from("produced_by", s));
    return b.build();
  }

  /** The stage that wrote these model bytes: by hash at any path, else by the path it was registered from. */
  private Optional<LineageNode> producer(String sha256, String source) {
    for (var e : src.lock().entrySet()) {
      for (var o : e.getValue().outs()) {
        if (o.sha256().equals(sha256)) {
          return Optional.of(data.stage(e.getKey(), e.getValue(), "work_tree", o.path(), Set.of()));
        }
      }
    }
    for (var e : src.lockHistory()) {
      for (var o : e.getValue().outs()) {
        if (o.sha256().equals(sha256)) {
          return Optional.of(data.stage(e.getKey(), e.getValue(), "git_history", o.path(), Set.of()));
        }
      }
    }
    return source == null ? Optional.empty() : data.producer(source, sha256, Set.of());
  }

  /** The training data and the commit the card names. */
  private void fromCard(LineageNode.Builder b, ModelCard card) {
    b.detail("algorithm", card.algorithm()).detail("task", card.task().id()).detail("label", card.label())
        .detail("params", card.params()).detail("seed", card.seed()).detail("created", card.created())
        .detail("git_commit", card.gitCommit());
    ModelCard.TrainingData td = card.trainingData();
    b.from("trained_on", data.data(td.path(), td.sha256(), td.pointer(), card.gitCommit(), Set.of()));
    b.from("trained_at_commit", data.commit(card.gitCommit()));
  }

  /** A model file in the work tree, checked against the card beside it. */
  LineageNode file(Path file, String shown) {
    LineageNode.Builder b = LineageNode.of(NodeKind.MODEL_FILE, shown, LinkStatus.VERIFIED, shown).detail("path", shown);
    ModelCard card;
    try {
      card = ModelCard.read(ModelCard.beside(file), shown + ModelCard.SUFFIX);
    } catch (MlctlException e) {
      return b.broken(LinkStatus.MISSING, e.getMessage()).build();
    }
    String sha;
    try {
      sha = Sha256.of(file);
    } catch (IOException e) {
      throw io.mlctl.core.StorageException.of("hash", file, e);
    }
    b.detail("sha256", sha);
    if (!sha.equals(card.modelSha256())) {
      b.broken(LinkStatus.FAILED, "the file hashes to " + DataLinks.shortHash(sha) + ", its card describes " + DataLinks.shortHash(card.modelSha256()));
    }
    List<String> registered = new ArrayList<>();
    for (RegisteredModel m : src.registry.list()) {
      m.versions().stream().filter(v -> v.sha256().equals(sha)).forEach(v -> registered.add(m.name() + "@" + v.tag()));
    }
    b.detail("registered_as", registered);
    producer(sha, shown).ifPresent(s -> b.from("produced_by", s));
    fromCard(b, card);
    b.from("made_in_run", run(null, sha));
    return b.build();
  }

  /** The run named, or the newest run that output these bytes; null when neither. */
  private LineageNode run(String id, String modelSha) {
    RunRecord r = null;
    if (id != null) {
      try {
        r = src.runs.read(id).orElse(null);
      } catch (MlctlException e) {
        r = null;
      }
      if (r == null) {
        return LineageNode.of(NodeKind.RUN, id, LinkStatus.MISSING, id)
            .broken(LinkStatus.MISSING, "run " + id + " is not in .mlctl/runs/ (runs stay on the machine that ran them; 'mlctl exp pull' fetches them)")
            .build();
      }
    } else {
      for (RunRecord c : src.allRuns()) {
        if (c.outs().containsValue(modelSha)) {
          r = c;
        }
      }
      if (r == null) {
        return null;
      }
    }
    // The run's record of its outputs ties it to the bytes; a run known only by name is a record.
    LinkStatus s = r.outs().containsValue(modelSha) ? LinkStatus.VERIFIED : LinkStatus.RECORDED;
    Map<String, Object> metrics = new LinkedHashMap<>(r.metrics());
    return LineageNode.of(NodeKind.RUN, r.id(), s, r.id() + " (" + r.status() + ", " + r.started() + ")")
        .detail("id", r.id()).detail("status", r.status()).detail("started", r.started()).detail("ended", r.ended())
        .detail("commit", r.commit()).detail("dirty", r.dirty()).detail("params", r.params()).detail("metrics", metrics)
        .from("ran_at_commit", data.commit(r.commit()))
        .build();
  }
}
