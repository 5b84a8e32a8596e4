package dev.passage.server.orgs;

/** An organization: the owner of API keys and links. */
public record Organization(String id, String name, long createdAt) {}
