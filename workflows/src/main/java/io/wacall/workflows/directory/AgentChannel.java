package io.wacall.workflows.directory;

/** Where an agent is rung for a WhatsApp call: the CRM's web app or its mobile app. */
public enum AgentChannel {
  WEB_APP,
  MOBILE_APP
}
