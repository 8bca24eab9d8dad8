package io.mlctl.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemotesTest {
  @TempDir
  Path tmp;

  private RemoteTestProject p;
  private Remotes remotes;

  @BeforeEach
  void project() {
    p = RemoteTestProject.init(tmp.resolve("repo"));
    remotes = new Remotes(p.project());
  }

  @Test
  void add_theFirstRemoteIsTheDefault_aLaterOneOnlyWhenAsked() {
    assertTrue(remotes.add("origin", "/srv/a", false).isDefault());
    assertFalse(remotes.add("backup", "/srv/b", false).isDefault());
    assertEquals("origin", remotes.find("").name());

    assertTrue(remotes.add("third", "/srv/c", true).isDefault());
    assertEquals("third", remotes.find(null).name());
    assertEquals(List.of("/srv/a", "/srv/b", "/srv/c"), remotes.list().stream().map(Remotes.Remote::url).sorted().toList());
  }

  @Test
  void add_ofANameThatExists_orIsNotAName_isRefused() {
    remotes.add("origin", "/srv/a", false);

    BadInputException taken = assertThrows(BadInputException.class, () -> remotes.add("origin", "/srv/b", false));
    BadArgumentException bad = assertThrows(BadArgumentException.class, () -> remotes.add("my remote", "/srv/b", false));

    assertEquals("remote 'origin' already exists", taken.getMessage());
    assertEquals("'my remote' is not a valid remote name", bad.getMessage());
    assertEquals(List.of("origin"), remotes.list().stream().map(Remotes.Remote::name).toList());
  }

  @Test
  void find_namesWhatIsMissing() {
    BadInputException none = assertThrows(BadInputException.class, () -> remotes.find(""));
    assertEquals("no remote is configured", none.getMessage());

    remotes.add("origin", "/srv/a", false);
    remotes.add("backup", "/srv/b", false);
    BadInputException unknown = assertThrows(BadInputException.class, () -> remotes.find("nope"));
    assertEquals("unknown remote 'nope'", unknown.getMessage());
    assertEquals("known remotes: backup, origin", unknown.hint().orElseThrow());

    remotes.remove("origin");
    BadInputException noDefault = assertThrows(BadInputException.class, () -> remotes.find(""));
    assertEquals("no default remote is set", noDefault.getMessage());
    assertEquals(List.of("backup"), remotes.list().stream().map(Remotes.Remote::name).toList());
  }

  @Test
  void remove_keepsTheDefaultWhenItNamesAnotherRemote() {
    remotes.add("origin", "/srv/a", false);
    remotes.add("backup", "/srv/b", false);

    remotes.remove("backup");

    assertEquals("origin", remotes.find("").name());
    assertThrows(BadInputException.class, () -> remotes.find("backup"));
  }

  @Test
  void modify_setsAnOption_andJobsReadsIt() {
    remotes.add("origin", "/srv/a", false);
    assertEquals(Optional.empty(), remotes.jobs("origin"));

    Remotes.Remote r = remotes.modify("origin", "jobs", "8");
    remotes.modify("origin", "url", "/srv/moved");

    assertEquals(8, ((Number) r.options().get("jobs")).intValue());
    assertEquals(Optional.of(8), remotes.jobs("origin"));
    assertEquals("/srv/moved", remotes.find("origin").url());
    assertThrows(BadInputException.class, () -> remotes.modify("origin", "url", "http://example.com/x"));
    assertThrows(BadArgumentException.class, () -> remotes.modify("origin", "colour", "blue"));
    assertEquals("/srv/moved", remotes.find("origin").url());
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://Bad_Bucket/x", "s3://ab/x", "s3://bucket/../x", "s3://bucket//x", "file://host/x",
      "file:relative/x", "http://example.com/x"})
  void add_ofAMalformedUrl_namesItAndTheRemote(String url) {
    BadInputException e = assertThrows(BadInputException.class, () -> remotes.add("origin", url, false));

    assertEquals("malformed remote URL '" + url + "' for remote 'origin'", e.getMessage());
    assertTrue(remotes.list().isEmpty());
  }

  @Test
  void add_ofABlankUrl_saysItHasNone() {
    BadInputException e = assertThrows(BadInputException.class, () -> remotes.add("origin", " ", false));

    assertEquals("remote 'origin' has no URL", e.getMessage());
  }

  @Test
  void add_ofAnS3Url_withOrWithoutAPrefix_isAccepted() {
    assertEquals("s3://my-bucket.data/team/x", remotes.add("s3", "s3://my-bucket.data/team/x", false).url());
    assertEquals("s3://abc", remotes.add("bare", "s3://abc", false).url());
  }

  @Test
  void open_ofAFileUrlOrARelativePath_isAFolderRemoteOfThatName() {
    remotes.add("url", "file://" + tmp.resolve("store").toAbsolutePath(), false);
    remotes.add("rel", "../store", false);

    try (RemoteStore a = remotes.open("url"); RemoteStore b = remotes.open("rel")) {
      assertInstanceOf(FolderRemote.class, a);
      assertInstanceOf(FolderRemote.class, b);
      assertEquals("url", a.name());
      assertEquals("rel", b.name());
    }
  }
}
