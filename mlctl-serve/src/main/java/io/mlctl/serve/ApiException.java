package io.mlctl.serve;

/**
 * A request the server refuses, with the HTTP status and the error code clients see in
 * {@code {"error": {"code": …, "message": …}}}. Thrown anywhere on the request path; the server
 * factory maps it, once, to the response. The message is for people and names what was wrong
 * (the feature, the instance), never a stack trace.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException badJson(String message) {
    return new ApiException(400, "bad_json", message);
  }

  static ApiException unknownModel(String name, java.util.Collection<String> served) {
    return new ApiException(404, "unknown_model", "unknown model '" + name + "' (this server serves " + String.join(", ", served) + ")");
  }

  static ApiException notReady(String what) {
    return new ApiException(503, "not_ready", what);
  }
}
