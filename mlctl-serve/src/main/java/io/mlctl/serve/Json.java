package io.mlctl.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's one JSON reader and writer, made once: requests are read as trees, responses are
 * streamed through a generator (no maps built per request). Thread-safe.
 */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /** Writes one JSON document. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private Json() {}

  /** The request body as JSON, or 400 saying where it stopped making sense. */
  static JsonNode parse(byte[] body) {
    JsonNode n;
    try {
      n = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.badJson("the body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      // The bytes are in memory: what fails here is their encoding (a body Jackson takes for UTF-32, say).
      throw ApiException.badJson("the body is not valid JSON: " + e.getMessage());
    }
    if (n == null || n.isMissingNode()) {
      throw ApiException.badJson("the body is empty; send a JSON object");
    }
    return n;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"error": {"code": …, "message": …}}}, or V2's {@code {"error": "…"}}. */
  static byte[] error(String code, String message, boolean v2) {
    return write(g -> {
      g.writeStartObject();
      if (v2) {
        g.writeStringField("error", message);
      } else {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", code);
        g.writeStringField("message", message);
        g.writeEndObject();
      }
      g.writeEndObject();
    });
  }
}
