package io.mlctl.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mlctl.core.BadInputException;
import io.mlctl.core.MlctlException;
import io.mlctl.core.StorageException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
  @Test
  void of_saysInWordsWhatHappened() {
    assertEquals("permission denied", IoReasons.of(new AccessDeniedException("/r/sha256/ab/cd")));
    assertEquals("no such file or folder", IoReasons.of(new NoSuchFileException("/x")));
    assertEquals("no space left on device", IoReasons.of(new FileSystemException("/x", null, "No space left on device")));
    assertEquals("no space left on device", IoReasons.of(new IOException("No space left on device")));
    assertEquals("not valid UTF-8", IoReasons.of(new MalformedInputException(1)));
    assertEquals("an input/output error", IoReasons.of(new IOException()));
    assertEquals("S3 said no", IoReasons.of(new IOException("S3 said no\nmore detail")));
    assertEquals("it already exists", IoReasons.of(new java.nio.file.FileAlreadyExistsException("/x")));
    assertEquals("the folder is not empty", IoReasons.of(new java.nio.file.DirectoryNotEmptyException("/x")));
    assertEquals("not a folder", IoReasons.of(new java.nio.file.NotDirectoryException("/x")));
  }

  @Test
  void of_aOneLetterMessage_isKeptAsItIs() {
    assertEquals("X", IoReasons.of(new IOException("X")));
    assertEquals("ab", IoReasons.of(new IOException("Ab")));
    assertEquals("HTTP 503", IoReasons.of(new IOException("HTTP 503")));
  }

  @Test
  void storageException_namesThePathAndTheReasonWithoutAJavaClassName() {
    MlctlException e = StorageException.of("write", Path.of("data/raw.csv"), new IOException("No space left on device"));

    assertInstanceOf(StorageException.class, e);
    assertEquals("cannot write data/raw.csv: no space left on device", e.getMessage());
    assertFalse(e.getMessage().contains("java."));
  }

  @Test
  void storageException_ofAFileThatIsNotUtf8_isBadInput() {
    MlctlException e = StorageException.of("read", Path.of(".mlctl/registry/iris.yaml"), new MalformedInputException(1));

    assertInstanceOf(BadInputException.class, e);
    assertEquals("cannot read .mlctl/registry/iris.yaml: not valid UTF-8", e.getMessage());
  }
}
