package dev.passage.sandbox.web;

import io.javalin.config.RoutesConfig;

/** One sandbox portal: its integration id and its routes. */
public interface Portal {
    /** The integration id, e.g. {@code tmobile}. */
    String id();

    /** Adds the portal's pages and APIs to its own server. */
    void register(RoutesConfig routes);

    /** The portal's sign-in sessions (who is signed in on a request). */
    Sessions sessions();
}
