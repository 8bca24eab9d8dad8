package io.mlctl.serve.log;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One served request as the request log records it. Immutable as a record; the lists are not
 * copied (that would cost the request path), so a caller hands them over and does not change them
 * after {@link RequestLog#append}.
 *
 * @param requestId the client's {@code X-Request-Id} or the one the server made
 * @param time when the request arrived
 * @param model the model's name
 * @param version the version that answered, {@code "vN"}
 * @param role {@code "primary"}, {@code "canary"} or {@code "shadow"}
 * @param inputs the instances, one map of feature to value each
 * @param outputs the predictions, one per instance
 * @param latencyMs time from arrival to answer, in milliseconds
 */
public record RequestLogEntry(String requestId, Instant time, String model, String version,
    String role, List<Map<String, Object>> inputs, List<Object> outputs, double latencyMs) {}
