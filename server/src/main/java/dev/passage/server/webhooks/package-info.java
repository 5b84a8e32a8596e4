/**
 * Webhooks (docs/api.md §4): ES256 signing keys, the delivery outbox, the dispatcher, the public
 * verification key endpoint and a link's deliveries.
 *
 * <p>Flow: the link-status transition calls {@link dev.passage.server.webhooks.WebhookService#enqueueInTransaction}
 * in its own transaction (wired in when the sessions branch lands); the row holds the exact body
 * bytes. {@link dev.passage.server.webhooks.WebhookDispatcher} takes due rows under a lease
 * ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL), signs each attempt with the current key
 * ({@code X-Passage-Signature}: header {alg ES256, typ JWT, kid}, payload {iat, request_body_sha256}),
 * checks where the host resolves, POSTs without following redirects, and records the attempt.
 * Attempts follow {@code webhooks.retry-schedule-seconds} after the event; a 2xx ends a delivery.
 */
package dev.passage.server.webhooks;
