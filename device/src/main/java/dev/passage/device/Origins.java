package dev.passage.device;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the automation may act: only the origins the integration declares (the server's
 * {@code allowedOrigins} in server.hello), only over http(s). file:, chrome:, data:, javascript: and
 * every other scheme are always refused; a server that sends no list gets no navigation at all. The
 * same rules as the browser extension's {@code lib/origins.js}, so both runtimes refuse alike.
 */
public final class Origins {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final String BLANK = "about:blank";

    private Origins() {}

    /** The origin of {@code url} ("http://127.0.0.1:41873") when it is an absolute http(s) URL, else empty. */
    public static Optional<String> httpOrigin(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return origin(new URI(url.strip()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The allowed origins as the server gave them, normalised; anything that is not an http(s) URL is dropped. */
    public static List<String> normalise(List<String> origins) {
        return origins == null ? List.of() : origins.stream().filter(Objects::nonNull).map(Origins::httpOrigin)
                .flatMap(Optional::stream).distinct().toList();
    }

    /**
     * The absolute URL a navigate may go to, or a refusal: a relative URL resolves against the current
     * page, and the result must be http(s) on an allowed origin.
     */
    public static String checkNavigation(String raw, String currentUrl, List<String> allowed) {
        var scheme = SCHEME.matcher(raw.strip());
        if (scheme.find() && !isHttp(scheme.group(1))) {
            throw new CommandFailure("ORIGIN_NOT_ALLOWED", scheme.group(1).toLowerCase(Locale.ROOT) + ": URLs are never opened");
        }
        URI url;
        try {
            URI target = new URI(raw.strip());
            if (!target.isAbsolute()) {
                if (httpOrigin(currentUrl).isEmpty()) {
                    throw new URISyntaxException(raw, "relative, and the page has no http(s) URL to resolve it against");
                }
                target = new URI(currentUrl).resolve(target);
            }
            url = target;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CommandFailure("BAD_ARGUMENTS", "'url' must be an absolute http(s) URL, not '" + raw + "'");
        }
        Optional<String> origin = origin(url);
        if (origin.isEmpty()) {
            throw new CommandFailure("BAD_ARGUMENTS", "'url' must be an absolute http(s) URL, not '" + raw + "'");
        }
        if (!allowed.contains(origin.get())) {
            throw new CommandFailure("ORIGIN_NOT_ALLOWED", origin.get() + " is not one of this integration's origins");
        }
        return url.toString();
    }

    /** Refuses a command that would look at or act on a page outside the allowed origins (a blank page is fine). */
    public static void checkCurrent(String currentUrl, List<String> allowed) {
        if (BLANK.equals(currentUrl)) {
            return; // Nothing is loaded yet: nothing to read.
        }
        Optional<String> origin = httpOrigin(currentUrl);
        if (origin.isEmpty() || !allowed.contains(origin.get())) {
            String where = origin.orElseGet(() -> currentUrl == null ? "no page" : currentUrl.split("[?#]", 2)[0]);
            throw new CommandFailure("ORIGIN_NOT_ALLOWED", "The page is on " + where + ", which is not one of this integration's origins");
        }
    }

    /** Whether telemetry may be reported while the page is at {@code currentUrl}: on an allowed origin, or blank. */
    public static boolean reportable(String currentUrl, List<String> allowed) {
        return BLANK.equals(currentUrl) || httpOrigin(currentUrl).map(allowed::contains).orElse(false);
    }

    private static Optional<String> origin(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !isHttp(scheme) || url.getHost() == null || url.getHost().isEmpty()) {
            return Optional.empty();
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
        return Optional.of(s + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }

    private static boolean isHttp(String scheme) {
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }
}
