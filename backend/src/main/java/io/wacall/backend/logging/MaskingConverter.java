package io.wacall.backend.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback's {@code %mask(..)}: what the pattern inside prints, with {@link LogMask} applied. The
 * console and file patterns in {@code application.yml} wrap the message ({@code %mask(%m)}), the
 * workflow ID ({@code %mask(%X{WorkflowId:-})}) and the stack trace ({@code %mask(%wEx)}) in it.
 * Logback sees the throwable converter inside the composite, so it does not append a second,
 * unmasked stack trace of its own.
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {
  /** The conversion word. */
  public static final String WORD = "mask";

  @Override
  protected String transform(ILoggingEvent event, String in) {
    return LogMask.mask(in);
  }

  /**
   * Makes {@code %mask} known to every logback pattern layout of this JVM. Spring Boot configures
   * logback itself (no logback.xml) and resets the logger context first, which drops conversion
   * rules registered on the context, so the word goes into logback's default map. Idempotent.
   */
  public static void register() {
    PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.putIfAbsent(WORD, MaskingConverter::new);
  }
}
