package io.wacall.workflows.call;

/** Where an agent takes WhatsApp calls by default. */
public enum AgentChannel {
  WEB_APP,
  MOBILE_APP
}
