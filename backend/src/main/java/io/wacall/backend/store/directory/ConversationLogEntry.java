package io.wacall.backend.store.directory;

import java.time.Instant;
import java.util.Map;

/** One stored entry of a customer's conversation log. */
public record ConversationLogEntry(
    long id,
    String phoneNumberId,
    String waId,
    Instant at,
    ConversationEventKind kind,
    String callId,
    Map<String, Object> detail) {}
