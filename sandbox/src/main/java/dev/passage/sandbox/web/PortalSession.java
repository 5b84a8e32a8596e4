package dev.passage.sandbox.web;

/**
 * One browser's server-side session on one portal: who it is for, how far the sign-in got, the card
 * waiting on the review step and the form token. Mutable, one browser at a time, so synchronized.
 */
public final class PortalSession {
    /** How far the sign-in has got. */
    public enum Stage {
        ANONYMOUS,
        /** The user name is known, the password step is next (two-step portals). */
        IDENTIFIED,
        /** The password was right, the one-time code is next. */
        AWAITING_CODE,
        SIGNED_IN
    }

    private final String id;
    private final String formToken;
    private String username;
    private Stage stage = Stage.ANONYMOUS;
    private CardReview review;

    PortalSession(String id, String formToken) {
        this.id = id;
        this.formToken = formToken;
    }

    String id() {
        return id;
    }

    /** A per-session token for forms that check it (CSRF). */
    public String formToken() {
        return formToken;
    }

    /** The user the sign-in is for, once known. */
    public synchronized String username() {
        return username;
    }

    /** How far the sign-in got. */
    public synchronized Stage stage() {
        return stage;
    }

    /** Moves the sign-in along for {@code username}. */
    public synchronized void advance(Stage stage, String username) {
        this.stage = stage;
        this.username = username;
        if (stage != Stage.SIGNED_IN) {
            review = null;
        }
    }

    /** The card on the review step, or null. */
    public synchronized CardReview review() {
        return review;
    }

    /** Puts a card on the review step (null clears it). */
    public synchronized void review(CardReview review) {
        this.review = review;
    }

    /** Takes the card under review, if its id matches (a review can be confirmed once). */
    public synchronized CardReview takeReview(String reviewId) {
        if (review == null || (reviewId != null && !review.reviewId().equals(reviewId))) {
            return null;
        }
        CardReview taken = review;
        review = null;
        return taken;
    }
}
