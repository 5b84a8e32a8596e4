package dev.passage.server.orgs;

/** A key just created: the only moment the full secret exists outside its owner's hands. */
public record CreatedApiKey(ApiKey key, String secret) {}
