package io.wacall.backend.logging;

import java.math.BigInteger;
import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.JsonWriter.ValueProcessor;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured logs ({@code logging.structured.format.console|file: ecs|logstash|gelf}) with {@link
 * LogMask} applied to every value written: the message, the stack trace and its causes, the MDC
 * (the workflow ID), key-value pairs. Text is masked in place; a whole number of 10 or more digits
 * is written as its masked text. Set as {@code logging.structured.json.customizer} in {@code
 * application.yml}.
 */
public class MaskingJsonMembersCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {
  @Override
  public void customize(Members<Object> members) {
    members.applyingValueProcessor(ValueProcessor.of(MaskingJsonMembersCustomizer::mask));
  }

  static Object mask(Object value) {
    if (value instanceof CharSequence text) {
      return LogMask.mask(text.toString());
    }
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      String digits = value.toString();
      String masked = LogMask.mask(digits);
      return masked.equals(digits) ? value : masked;
    }
    return value;
  }
}
