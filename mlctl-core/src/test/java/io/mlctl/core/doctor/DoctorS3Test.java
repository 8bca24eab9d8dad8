package io.mlctl.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.S3ProxyServer;
import io.mlctl.core.repo.ConfigStore;
import io.mlctl.core.repo.Init;
import io.mlctl.core.repo.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Doctor} asking a real S3-compatible server (s3proxy on the loopback) whether a bucket answers. */
class DoctorS3Test {
  @RegisterExtension
  static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir
  Path tmp;

  @Test
  void anS3RemoteAnswers_whenItsBucketIsThere_andFailsNamingTheBucketWhenNot() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("repo"));
    new Init(root).noGit(true).call();
    try (Project p = Project.open(root, Clock.systemUTC(), Map.of())) {
      S3.addRemote(p, "good", "doctor");
      new Remotes(p).add("missing", "s3://no-such-bucket/doctor", false);
      ConfigStore c = p.configStore();
      c.set("remote.missing.endpoint", S3.endpoint(), false);
      c.set("remote.missing.path_style", "true", false);
      c.set("remote.missing.access_key_id", S3ProxyServer.ACCESS_KEY, true);
      c.set("remote.missing.secret_access_key", S3ProxyServer.SECRET_KEY, true);
    }

    DoctorReport r = new Doctor(root, Map.of()).call();

    List<DoctorReport.RemoteCheck> checks = r.project().orElseThrow().remotes();
    DoctorReport.RemoteCheck good = checks.stream().filter(c -> c.name().equals("good")).findFirst().orElseThrow();
    DoctorReport.RemoteCheck missing = checks.stream().filter(c -> c.name().equals("missing")).findFirst().orElseThrow();
    assertEquals(DoctorReport.Reach.ANSWERS, good.reach(), () -> String.valueOf(good.detail()));
    assertEquals(DoctorReport.Reach.FAILED, missing.reach());
    assertTrue(missing.detail().contains("s3://no-such-bucket") && missing.detail().contains("HTTP 404"), missing.detail());
    assertEquals(1, r.problems().size(), r.problems()::toString);
  }
}
