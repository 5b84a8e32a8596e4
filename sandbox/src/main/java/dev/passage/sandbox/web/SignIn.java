package dev.passage.sandbox.web;

/** What a user name and password lead to on every portal. */
public sealed interface SignIn {
    /** Signed in; the session belongs to {@code username}. */
    record SignedIn(String username) implements SignIn {}

    /** The password was right; a one-time code is needed next. */
    record CodeRequired(String username) implements SignIn {}

    /** Unknown user, wrong password, or {@code user_bad}. */
    record WrongPassword() implements SignIn {}

    /** The account is locked, whatever else happens. */
    record Locked() implements SignIn {}
}
