package io.wacall.contract.call.view;

/** Where an agent takes WhatsApp calls by default. */
public enum AgentChannel {
  WEB_APP,
  MOBILE_APP
}
