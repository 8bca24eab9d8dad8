package io.mlctl.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before a request reaches the routes (a malformed request line or
 * header, headers over the size limit) in the same JSON error shape as every other error, instead
 * of Jetty's HTML page. Only the status's words and Jetty's one-line reason are sent: never a
 * stack trace. Stateless and thread-safe.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
      Callback callback) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    byte[] body = Json.error(code(status), lowerFirst(reason), path != null && path.startsWith("/v2/"));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Http.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 408 -> "request_timeout";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      default -> "http_" + status;
    };
  }

  private static String lowerFirst(String s) {
    return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
        ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
  }
}
