package dev.passage.server.events;

/** A link changed status; {@code errorCode}/{@code errorMessage} are set when it failed. */
public record LinkStatusEvent(String linkId, String status, long updatedAt, String errorCode, String errorMessage) {}
