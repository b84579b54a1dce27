package io.wacall.contract.call.view;

import java.time.Instant;

/**
 * The wrap-up tag of a call.
 *
 * @param tag one of the business number's allowed tags, in its configured spelling
 * @param setBy the agent (or service) that set it
 */
public record Disposition(String tag, String note, String setBy, Instant at) {}
