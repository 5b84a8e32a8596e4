package dev.passage.server.integrations;

import dev.passage.server.config.PassageConfig;
import java.net.URI;
import java.util.Optional;

/**
 * The base URL an integration's automation runs against: its sandbox portal when one runs on this
 * node, else the {@code automation.live-base-urls} entry its automation names.
 */
public final class BaseUrls {
    private final PortalLocator portals;
    private final PassageConfig.Automation config;

    public BaseUrls(PortalLocator portals, PassageConfig.Automation config) {
        this.portals = portals;
        this.config = config;
    }

    /** The origin (scheme, host, port) {@code integration} runs on, e.g. {@code http://127.0.0.1:41873}; empty when unknown. */
    public Optional<String> originOf(Integration integration) {
        return of(integration).map(uri -> uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** Where {@code integration} runs, or empty when neither a portal nor a live URL is known. */
    public Optional<URI> of(Integration integration) {
        Automation.BaseUrl names = integration.automation() == null
                ? new Automation.BaseUrl(integration.id(), integration.id()) : integration.automation().baseUrl();
        return portals.portal(names.sandbox()).or(() -> Optional.ofNullable(config.liveBaseUrls().get(names.live())));
    }
}
