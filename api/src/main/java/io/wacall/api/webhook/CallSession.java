package io.wacall.api.webhook;

/** {@code calls[].session}: an SDP offer (UIC connect) or Cloud API's answer (BIC connect). */
public record CallSession(String sdpType, String sdp) {}
