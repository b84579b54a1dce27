package io.wacall.contract.call.view;

import java.time.Instant;

/** One line of a call's bounded timeline: what happened, when (workflow time, or Meta's for webhooks). */
public record TimelineEntry(Instant at, String event, String detail) {}
