package dev.passage.sandbox.web;

import dev.passage.sandbox.PaymentMethod;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Adding a card on a carrier portal: the form is checked, a valid card waits on a review step in the
 * session, and only confirming it saves it, so a dry run can stop at review having saved nothing.
 */
public final class CardFlow {
    private final Sessions sessions;
    private final PortalStore store;
    private final CardValidator validator;

    public CardFlow(Sessions sessions, PortalStore store, CardValidator validator) {
        this.sessions = sessions;
        this.store = store;
        this.validator = validator;
    }

    /** The outcome of submitting the form. */
    public sealed interface Submitted {
        /** The form's errors by field; nothing was kept. */
        record Invalid(Map<String, String> errors) implements Submitted {}

        /** The card waits on the review step. */
        record Reviewing(CardReview review) implements Submitted {}
    }

    /** Checks the form of the signed-in user and, when valid, puts the card on review. */
    public Submitted submit(Context ctx, CardForm form) {
        PortalSession session = sessions.signedIn(ctx);
        Map<String, String> errors = validator.check(form);
        if (!errors.isEmpty()) {
            return new Submitted.Invalid(errors);
        }
        CardReview review = CardReview.of(form);
        session.review(review);
        return new Submitted.Reviewing(review);
    }

    /** The card on review for the signed-in user, if any. */
    public Optional<CardReview> pending(Context ctx) {
        return Optional.ofNullable(sessions.signedIn(ctx).review());
    }

    /** Saves the card on review (any, when {@code reviewId} is null); empty when there is none. */
    public Optional<PaymentMethod> confirm(Context ctx, String reviewId) {
        PortalSession session = sessions.signedIn(ctx);
        CardReview review = session.takeReview(reviewId);
        return review == null ? Optional.empty() : Optional.of(store.save(session.username(), review));
    }

    /** Drops the card on review. */
    public void cancel(Context ctx) {
        sessions.signedIn(ctx).review(null);
    }
}
