package dev.passage.server.people;

/** What a sign-in attempt came to. */
public sealed interface SignIn {
    /** Signed in: {@code token} is the session's secret, for the cookie only (only its hash is stored). */
    record Success(Member member, String token) implements SignIn {
        @Override
        public String toString() {
            return "Success[" + member.person().email() + "]";
        }
    }

    /** Wrong email or password (which of the two is never said). */
    record Refused() implements SignIn {}

    /** Too many failures: no sign-in, even with the right password, until {@code until}. */
    record Locked(long until) implements SignIn {}
}
