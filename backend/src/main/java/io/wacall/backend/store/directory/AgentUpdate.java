package io.wacall.backend.store.directory;

/**
 * An agent as a caller sends it. {@code defaultChannel} is the enum's name as text, so that a
 * wrong value is refused naming the field rather than failing in JSON binding; null means
 * {@code WEB_APP}; a null {@code available} means available.
 */
public record AgentUpdate(String name, String defaultChannel, Boolean available) {}
