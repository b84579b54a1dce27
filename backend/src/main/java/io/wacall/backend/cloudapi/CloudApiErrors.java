package io.wacall.backend.cloudapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.springframework.http.HttpHeaders;

/**
 * Turns what came back (or did not) into a {@link GraphApiException}: parses the Graph error body
 * without trusting its shape, classifies it, finds a retry time, and keeps the token out of every
 * message.
 */
final class CloudApiErrors {
  /** Enough of an unreadable body to recognise it (an HTML error page, a proxy message). */
  private static final int BODY_SNIPPET_LENGTH = 200;
  private static final String REDACTED = "<redacted>";
  /**
   * UNIX seconds between 2017 and 2100: how a number in error_data is told apart from a count or an
   * id. The shape of 138012's error_data ("gives the next allowed time",
   * docs/meta-cloud-api.md#error-codes) is not documented, so every plausible form is accepted.
   */
  private static final long EPOCH_SECONDS_MIN = 1_500_000_000L;
  private static final long EPOCH_SECONDS_MAX = 4_102_444_800L;
  private static final Pattern ISO_INSTANT_IN_TEXT = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern EPOCH_SECONDS_IN_TEXT = Pattern.compile("(?<!\\d)\\d{10}(?!\\d)");
  /** A guard against cause cycles, which Throwable allows. */
  private static final int MAX_CAUSE_DEPTH = 32;
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,9}");

  private final ObjectMapper mapper;
  private final Clock clock;
  private final String accessToken;

  CloudApiErrors(ObjectMapper mapper, Clock clock, String accessToken) {
    this.mapper = mapper;
    this.clock = clock;
    this.accessToken = accessToken;
  }

  /** Meta answered with a non-2xx status. */
  GraphApiException fromHttpError(String operation, int status, HttpHeaders headers, byte[] body) {
    JsonNode errorNode = errorNode(body);
    GraphError error = errorNode == null ? null : graphError(errorNode);
    CloudApiErrorCategory category =
        CloudApiErrorCategory.classify(status, error == null ? null : error.code());
    // A 5xx may have been produced after Meta acted on the request; a 4xx is a refusal.
    boolean ambiguous = status >= 500;
    // Only a limit has a "next allowed time"; elsewhere a 10-digit number in the details is more
    // likely a phone number than a time.
    Instant retryAt = category == CloudApiErrorCategory.THROTTLED && errorNode != null
        ? retryAtFromErrorData(errorNode.get("error_data"))
        : null;
    if (retryAt == null) {
      retryAt = retryAtFromHeader(headers.getFirst(HttpHeaders.RETRY_AFTER));
    }
    String message = "Cloud API " + operation + " failed: HTTP " + status
        + (error == null ? ", unreadable error body: " + snippet(body) : describe(error));
    return new GraphApiException(message, status, error, category, ambiguous, retryAt, null);
  }

  /**
   * Meta answered 2xx but not with what the operation promises. The request reached Meta and may
   * have taken effect, so this is ambiguous; it is TRANSIENT because a proxy or a glitch is likelier
   * than a contract change.
   */
  GraphApiException unexpectedSuccess(String operation, int status, byte[] body, String expected) {
    String message = "Cloud API " + operation + " answered HTTP " + status + " without " + expected
        + ": " + snippet(body);
    return new GraphApiException(
        message, status, null, CloudApiErrorCategory.TRANSIENT, true, null, null);
  }

  /** No HTTP answer: the connection failed, timed out, or broke. */
  GraphApiException fromNetwork(String operation, Exception failure) {
    boolean ambiguous = !failedBeforeSending(failure);
    Throwable root = rootCause(failure);
    String message = "Cloud API " + operation + " failed "
        + (ambiguous ? "after the request may have been sent" : "before the request was sent")
        + ": " + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + redact(root.getMessage()));
    return new GraphApiException(
        message, 0, null, CloudApiErrorCategory.TRANSIENT, ambiguous, null, failure);
  }

  /**
   * True when the failure surely happened before any request byte reached Meta: a refused or
   * timed-out connection, an unknown host, a failed TLS handshake. Anything else (a read timeout,
   * a reset mid-exchange) may have come after Meta acted.
   */
  static boolean failedBeforeSending(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof HttpConnectTimeoutException
          || t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException
          || t instanceof NoRouteToHostException
          || t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  /** The {@code error} object of a Graph error body, or null when the body is not one. */
  private JsonNode errorNode(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    JsonNode error;
    try {
      error = mapper.readTree(body).get("error");
    } catch (IOException e) {
      return null;
    }
    return error != null && error.isObject() ? error : null;
  }

  private GraphError graphError(JsonNode error) {
    JsonNode errorData = error.get("error_data");
    // Meta documents error_data as an object with details; older Graph errors send a bare string.
    String details = errorData == null ? null
        : errorData.isTextual() ? errorData.asText()
        : text(errorData.get("details"));
    return new GraphError(
        integer(error.get("code")),
        integer(error.get("error_subcode")),
        redact(text(error.get("type"))),
        redact(text(error.get("message"))),
        redact(details),
        text(error.get("fbtrace_id")));
  }

  /**
   * The next allowed time in {@code error_data}: a field holding UNIX seconds or an ISO-8601 time,
   * else such a value inside the details text. Null when there is none.
   */
  static Instant retryAtFromErrorData(JsonNode errorData) {
    if (errorData == null || errorData.isNull()) {
      return null;
    }
    if (errorData.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = errorData.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!"details".equals(field.getKey())) {
          Instant value = instantValue(field.getValue());
          if (value != null) {
            return value;
          }
        }
      }
      return retryAtFromText(text(errorData.get("details")));
    }
    return retryAtFromText(text(errorData));
  }

  private static Instant instantValue(JsonNode node) {
    if (node.isIntegralNumber()) {
      return epochSeconds(node.longValue());
    }
    if (node.isTextual()) {
      String value = node.asText().trim();
      if (value.matches("\\d{10}")) {
        return epochSeconds(Long.parseLong(value));
      }
      Matcher iso = ISO_INSTANT_IN_TEXT.matcher(value);
      if (iso.matches()) {
        return parseIso(value);
      }
    }
    return null;
  }

  /** An ISO-8601 time or a UNIX-seconds value in free text; null if there is none. */
  static Instant retryAtFromText(String text) {
    if (text == null) {
      return null;
    }
    Matcher iso = ISO_INSTANT_IN_TEXT.matcher(text);
    if (iso.find()) {
      Instant parsed = parseIso(iso.group());
      if (parsed != null) {
        return parsed;
      }
    }
    Matcher epoch = EPOCH_SECONDS_IN_TEXT.matcher(text);
    while (epoch.find()) {
      Instant value = epochSeconds(Long.parseLong(epoch.group()));
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static Instant epochSeconds(long seconds) {
    return seconds >= EPOCH_SECONDS_MIN && seconds <= EPOCH_SECONDS_MAX
        ? Instant.ofEpochSecond(seconds)
        : null;
  }

  private static Instant parseIso(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** RFC 9110 Retry-After: delay-seconds or an HTTP-date; null when absent or malformed. */
  Instant retryAtFromHeader(String retryAfter) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    String value = retryAfter.trim();
    if (DELTA_SECONDS.matcher(value).matches()) {
      return clock.instant().plusSeconds(Long.parseLong(value));
    }
    try {
      return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Replaces every occurrence of the access token; Meta's messages and bodies are not trusted. */
  String redact(String text) {
    if (text == null || accessToken == null || accessToken.isEmpty()) {
      return text;
    }
    return text.replace(accessToken, REDACTED);
  }

  private String describe(GraphError error) {
    StringBuilder sb = new StringBuilder();
    if (error.code() != null) {
      sb.append(", code ").append(error.code());
      if (error.subcode() != null) {
        sb.append(" (subcode ").append(error.subcode()).append(')');
      }
    }
    if (error.type() != null) {
      sb.append(", ").append(error.type());
    }
    if (error.message() != null) {
      sb.append(": ").append(error.message());
    }
    if (error.details() != null) {
      sb.append(" [details: ").append(error.details()).append(']');
    }
    if (error.fbtraceId() != null) {
      sb.append(" [fbtrace_id ").append(error.fbtraceId()).append(']');
    }
    return sb.toString();
  }

  private String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "<empty>";
    }
    String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
    if (text.length() > BODY_SNIPPET_LENGTH) {
      text = text.substring(0, BODY_SNIPPET_LENGTH) + "...";
    }
    return redact(text);
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && depth < MAX_CAUSE_DEPTH; depth++) {
      root = root.getCause();
    }
    return root;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
  }

  private static Integer integer(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      try {
        return Integer.valueOf(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
