package io.wacall.workflows.call.legacy;

/**
 * Argument of the {@code setDisposition} update that only runs of the old shape take (new runs end
 * with the call; the API keeps the disposition). The tag must be one of the business number's tags.
 */
public record DispositionRequest(String tag, String note, String agentId) {}
