package dev.passage.server.links;

/** A link just created, with its claim code: the only time the code exists outside the user's URL. */
public record CreatedLink(Link link, String claimCode, String appClipUrl) {}
