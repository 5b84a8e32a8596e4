package dev.passage.sandbox.web;

/** A portal with payment methods (the carriers). */
public interface CarrierPortal extends Portal {
    /** The portal's records, including cards saved since start. */
    PortalStore store();
}
