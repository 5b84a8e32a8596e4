package dev.passage.sandbox.web;

/** Thrown by a page or API that needs a signed-in session; each portal maps it to a redirect or a 401. */
public final class SignInRequired extends RuntimeException {
    public SignInRequired() {
        super("sign in required", null, false, false);
    }
}
