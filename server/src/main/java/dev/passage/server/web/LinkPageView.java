package dev.passage.server.web;

import java.util.List;

/**
 * What the link page shows: never arguments or tokens, only what the link is for (in the words of
 * {@code /link/info}) and how to go on.
 *
 * @param state one of {@code ready}, {@code retry}, {@code active}, {@code complete}, {@code expired},
 *              {@code unknown}, {@code missing}, {@code busy}: the page's kind, also its script's cue
 * @param purpose "Acme wants to read your T-Mobile payment methods" (no closing full stop)
 * @param steps each operation as a phrase, capitalized
 * @param code the claim code (already in the page's own address), for the page's script; null unless the link can go on
 * @param lastTry why the last try did not finish, in words for the person; null unless it failed
 */
public record LinkPageView(String state, String heading, String message, String organization, String integration,
                           String purpose, List<String> steps, String appClipUrl, String code, String expires,
                           String lastTry) {

    /** A page about no link in particular (missing or unknown code, too many requests). */
    static LinkPageView plain(String state, String heading, String message) {
        return new LinkPageView(state, heading, message, null, null, null, List.of(), null, null, null, null);
    }

    /** Whether the page offers ways to go on (the link can still be claimed). */
    public boolean canContinue() {
        return state.equals("ready") || state.equals("retry");
    }

    /** The link's status as the page first shows it (its script follows it from there). */
    public String liveStatus() {
        return switch (state) {
            case "active" -> "active";
            case "retry" -> "failed";
            default -> "pending";
        };
    }

    /** The words for {@link #liveStatus()}; the page's script uses the same ones. */
    public String liveStatusText() {
        return switch (state) {
            case "active" -> "In progress on a device";
            case "retry" -> "Waiting for you to try again";
            default -> "Waiting for you to continue";
        };
    }

    /** The device runtime's command for this link. */
    public String deviceCommand() {
        return appClipUrl == null ? null : "./passage device '" + appClipUrl + "'";
    }
}
