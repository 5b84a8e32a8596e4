package dev.passage.sandbox.web;

import io.javalin.config.RoutesConfig;

/** One sandbox portal: its integration id and its routes. */
public interface Portal {
    String id();

    void register(RoutesConfig routes);
}
