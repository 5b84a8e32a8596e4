package dev.passage.sandbox;

import dev.passage.sandbox.applereview.AppleReviewPortal;
import dev.passage.sandbox.att.AttPortal;
import dev.passage.sandbox.tmobile.TmobilePortal;
import dev.passage.sandbox.ubereats.UberEatsPortal;
import dev.passage.sandbox.verizon.VerizonPortal;
import dev.passage.sandbox.web.Portal;
import java.time.Clock;

/** Makes each integration's portal. */
final class Portals {
    private Portals() {}

    static Portal create(String id, PortalData seed, Clock clock) {
        return switch (id) {
            case "tmobile" -> new TmobilePortal(seed, clock);
            case "att" -> new AttPortal(seed, clock);
            case "verizon" -> new VerizonPortal(seed, clock);
            case "ubereats" -> new UberEatsPortal(seed, clock);
            case "apple-review" -> new AppleReviewPortal(seed, clock);
            default -> throw new IllegalArgumentException("no sandbox portal for integration '" + id + "'");
        };
    }
}
