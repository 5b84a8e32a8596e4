package dev.passage.sandbox;

import java.util.List;

/** The integration ids that have a sandbox portal, in port order: the first gets the base port. */
public final class SandboxPortals {
    /** tmobile, att, verizon, ubereats, apple-review. */
    public static final List<String> IDS = List.of("tmobile", "att", "verizon", "ubereats", "apple-review");

    private SandboxPortals() {}
}
