package io.mlctl.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The launcher's slf4j settings name things that exist, so start-up never searches every jar. */
class Slf4jSettingsTest {
  @Test
  void provider_theLauncherNames_isOnTheClassPath() {
    assertDoesNotThrow(() -> Class.forName("org.slf4j.simple.SimpleServiceProvider"));
  }

  @Test
  void simpleLoggerProperties_comeFromMlctlItself_withSlf4jSimplesDefaults() throws Exception {
    URL url = Slf4jSettingsTest.class.getClassLoader().getResource("simplelogger.properties");
    assertNotNull(url, "simplelogger.properties is missing: slf4j-simple would search every jar for it");
    assertTrue(url.toString().contains("mlctl-cli"), url::toString);
    Properties p = new Properties();
    try (InputStream in = url.openStream()) {
      p.load(in);
    }
    assertEquals("System.err", p.getProperty("org.slf4j.simpleLogger.logFile"));
    assertEquals("info", p.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
  }
}
