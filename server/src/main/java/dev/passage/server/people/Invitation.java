package dev.passage.server.people;

/**
 * An invitation just made: the only moment its token exists outside the link handed to the person
 * (only its hash is stored). Never log it.
 */
public record Invitation(Person person, String token, long expiresAt) {
    /** The link the person opens to set their password: {@code <public-url>/dashboard/invite?token=inv_…}. */
    public String url(java.net.URI publicUrl) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/dashboard/invite?token=" + token;
    }

    @Override
    public String toString() {
        return "Invitation[" + person.email() + "]";
    }
}
