package io.wacall.contract.call.command;

/** Argument of the {@code setDisposition} update; the tag must be one of the business number's tags. */
public record DispositionRequest(String tag, String note, String agentId) {}
