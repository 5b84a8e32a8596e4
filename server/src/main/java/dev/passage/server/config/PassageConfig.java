package dev.passage.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The whole, validated configuration of one server or CLI run. */
public record PassageConfig(
        PassageEnv env,
        String host,
        int port,
        URI publicUrl,
        URI appClipUrl,
        Database database,
        Path dataDir,
        Optional<String> masterKey,
        Links links,
        Http http,
        Sessions sessions,
        Optional<Path> integrationsDir,
        String logLevel,
        Webhooks webhooks,
        Automation automation,
        Optional<String> metricsToken,
        Optional<String> nodeId,
        Duration nodeTimeout,
        Dashboard dashboard) {

    /** Database connection settings; {@code sqliteSynchronous} is SQLite's PRAGMA synchronous (FULL, NORMAL…). */
    public record Database(String url, String user, String password, int poolSize, String sqliteSynchronous) {
        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * Link lifetime settings, how many claims one client address may make a minute, and the longest
     * life of a link that carries secret arguments (a card to write is kept no longer than that).
     */
    public record Links(Duration defaultExpiresIn, Duration maxExpiresIn, Duration sweepInterval, int claimRateLimitPerMinute,
                        Duration maxSecretExpiresIn) {}

    /**
     * Session limits: how long a client may take to connect or to come back, how long a session may
     * last, and how much telemetry (events, bytes as stored) one session may send.
     */
    public record Sessions(Duration clientConnectTimeout, Duration reconnectGrace, Duration maxDuration,
                           Duration timeoutCheckInterval, int telemetryMaxEvents, long telemetryMaxBytes) {}

    /**
     * Webhook delivery: attempt offsets after the event and the jitter of retries (a fraction of each
     * gap), per-attempt timeout, whether private
     * addresses may be called, dispatcher poll interval, lease length, and send concurrency in all
     * and per receiver host.
     */
    public record Webhooks(List<Duration> retrySchedule, double retryJitter, Duration timeout, boolean allowPrivateAddresses,
            Duration pollInterval, Duration lease, int maxConcurrentSends, int maxConcurrentSendsPerHost) {
        public Webhooks {
            retrySchedule = List.copyOf(retrySchedule);
        }
    }

    /**
     * The hosted worker and the sandbox portals: whether the server starts the portals (sandbox only)
     * and from which port (0: free ports), live base URLs by integration id, the worker's waits, and the
     * passwords and one-time codes a person may try at a login.
     */
    public record Automation(boolean sandboxPortals, int sandboxBasePort, java.util.Map<String, URI> liveBaseUrls,
                             Duration loginTimeout, int loginAttempts, int mfaAttempts, Duration commandTimeout) {
        public Automation {
            liveBaseUrls = java.util.Map.copyOf(liveBaseUrls);
        }
    }

    /**
     * The dashboard's sign-in: a session's longest life and idle time, sign-ins one address may try a
     * minute, how many failures in a row lock an account and for how long, how long an invitation
     * link works, and whether cookies are marked Secure.
     */
    public record Dashboard(Duration sessionTtl, Duration sessionIdle, int signInRateLimitPerMinute, int lockoutFailures,
                            Duration lockout, Duration invitationTtl, boolean secureCookies) {}

    /**
     * HTTP: the largest body, the proxies whose {@code X-Forwarded-For} names the client (address
     * blocks), and how many requests one API key may make a minute.
     */
    public record Http(long maxBodyBytes, List<String> trustedProxies, int apiRateLimitPerMinute) {
        public Http {
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    public boolean isProduction() {
        return env == PassageEnv.PRODUCTION;
    }

    /** The same configuration for another node sharing this one's data directory (tests, benchmarks). */
    public PassageConfig withNodeId(String id) {
        return new PassageConfig(env, host, port, publicUrl, appClipUrl, database, dataDir, masterKey,
                links, http, sessions, integrationsDir, logLevel, webhooks, automation, metricsToken, Optional.of(id), nodeTimeout,
                dashboard);
    }

    /** The same configuration listening on another port (tests and benchmarks pick free ports). */
    public PassageConfig withPort(int newPort) {
        return new PassageConfig(env, host, newPort, publicUrl, appClipUrl, database, dataDir, masterKey,
                links, http, sessions, integrationsDir, logLevel, webhooks, automation, metricsToken, nodeId, nodeTimeout,
                dashboard);
    }
}
