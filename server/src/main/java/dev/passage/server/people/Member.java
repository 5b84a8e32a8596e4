package dev.passage.server.people;

/** A signed-in person and the organization they act for: who a dashboard request is. */
public record Member(Person person, String orgId, String orgName) {
    public boolean isAdmin() {
        return person.isAdmin();
    }
}
