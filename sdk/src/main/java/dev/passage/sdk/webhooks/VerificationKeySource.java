package dev.passage.sdk.webhooks;

import java.util.Optional;

/** Where a {@link WebhookVerifier} gets the public key of a signature's kid: the server, or a {@link WebhookSigner} in tests. */
@FunctionalInterface
public interface VerificationKeySource {
    /** The key with this id; empty when there is none. */
    Optional<VerificationKey> find(String keyId);
}
