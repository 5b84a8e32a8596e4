package dev.passage.server.sessions;

/** A session just made, with its tokens: the only time they exist outside their holders. */
public record CreatedSession(SessionTicket ticket, String clientToken, long expiresAt) {}
