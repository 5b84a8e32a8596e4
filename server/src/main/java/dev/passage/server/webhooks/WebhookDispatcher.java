package dev.passage.server.webhooks;

import dev.passage.server.config.PassageConfig;
import dev.passage.server.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop that sends due deliveries. It takes due rows with a lease (so two nodes never
 * send the same attempt, and a dead node's rows come back when its lease runs out), sends each on
 * its own virtual thread under a bound on sends in flight, in all and per receiver host (a slow or
 * dead receiver ties up at most its share of threads, never the loop, other receivers or the API),
 * and records every attempt. Woken at once by an enqueue on this node, it
 * otherwise looks every {@code webhooks.poll-interval-millis}; schedule decisions use the injected clock.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 50;

    private final WebhookRepository repository;
    private final SigningKeys keys;
    private final WebhookSender sender;
    private final PassageConfig.Webhooks config;
    private final RetrySchedule schedule;
    private final Metrics metrics;
    private final Clock clock;
    private final DispatchSignal signal;
    private final String nodeId;
    private final Semaphore sends;
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perHost = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread loop;

    WebhookDispatcher(WebhookRepository repository, SigningKeys keys, PassageConfig.Webhooks config, RetrySchedule schedule,
            Metrics metrics, Clock clock, DispatchSignal signal, String nodeId) {
        this.metrics = metrics;
        this.repository = repository;
        this.keys = keys;
        this.sender = new WebhookSender(config.timeout(), config.allowPrivateAddresses(), clock);
        this.config = config;
        this.schedule = schedule;
        this.clock = clock;
        this.signal = signal;
        this.nodeId = nodeId;
        this.sends = new Semaphore(config.maxConcurrentSends());
    }

    /** Starts the loop; deliveries that fell due while no node ran are sent at once. */
    WebhookDispatcher start() {
        running = true;
        loop = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::run);
        return this;
    }

    /** This dispatcher's id, recorded on its leases and attempts. */
    public String nodeId() {
        return nodeId;
    }

    private void run() {
        while (running) {
            try {
                dispatchDue();
            } catch (RuntimeException e) {
                log.warn("Webhook dispatch failed; retrying at the next poll", e);
            }
            try {
                signal.await(config.pollInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes and starts every due delivery there is room for. */
    void dispatchDue() {
        while (running) {
            int room = Math.min(BATCH, sends.availablePermits());
            if (room == 0) {
                return; // A finishing send wakes the loop.
            }
            long now = clock.millis();
            Map<String, Integer> admitted = new HashMap<>();
            int cap = config.maxConcurrentSendsPerHost();
            Set<String> busy = new HashSet<>();
            perHost.forEach((host, n) -> {
                if (n >= cap) {
                    busy.add(host);
                }
            });
            List<WebhookRepository.Claimed> claimed = repository.claimDue(nodeId, now, now + config.lease().toMillis(), room,
                    busy, host -> {
                        int n = admitted.merge(host, 1, Integer::sum);
                        return perHost.getOrDefault(host, 0) + n <= cap;
                    });
            for (WebhookRepository.Claimed c : claimed) {
                sends.acquireUninterruptibly();
                perHost.merge(c.targetHost(), 1, Integer::sum);
                Thread t = Thread.ofVirtual().name("webhook-send-" + c.id()).unstarted(() -> {
                    try {
                        attempt(c);
                    } finally {
                        perHost.computeIfPresent(c.targetHost(), (h, n) -> n == 1 ? null : n - 1);
                        inFlight.remove(Thread.currentThread());
                        sends.release();
                        signal.wake();
                    }
                });
                inFlight.add(t);
                t.start();
            }
            if (claimed.size() < room) {
                return;
            }
        }
    }

    private void attempt(WebhookRepository.Claimed c) {
        long startedAt = clock.millis();
        metrics.dispatchLag(startedAt - c.dueAt());
        int number = c.attemptsBefore() + 1;
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        SigningKeys.Signature signature;
        WebhookSender.Outcome outcome;
        try {
            signature = keys.sign(body, startedAt);
            outcome = sender.send(c.url(), WebhookSender.headers(signature, c.id(), c.event()), body);
        } catch (InterruptedException e) {
            // Stopping mid-attempt: give the delivery back so this attempt is made again, here or elsewhere.
            safeRelease(c);
            return;
        } catch (RuntimeException e) {
            log.warn("Webhook delivery {} could not be attempted; the lease runs out and it is tried again", c.id(), e);
            safeRelease(c);
            return;
        }
        Long next = outcome.delivered() ? null
                : schedule.nextAttemptAt(number, c.scheduledFrom(), startedAt, outcome.retryAfterMillis());
        String status = outcome.delivered() ? "delivered" : next == null ? "failed" : "pending";
        metrics.webhookAttempt(outcome.delivered() ? "delivered" : next == null ? "failed" : "retrying", outcome.latencyMs());
        var finished = new WebhookRepository.Finished(new Delivery.Attempt(number, startedAt, outcome.statusCode(),
                outcome.latencyMs(), outcome.error(), signature.kid()), status, next, nodeId);
        try {
            if (!repository.finishAttempt(c, finished, clock.millis())) {
                log.warn("Webhook delivery {} attempt {} finished after its lease passed to another node; not recorded",
                        c.id(), number);
            } else if (!outcome.delivered()) {
                log.info("Webhook delivery {} attempt {} failed: {}{}", c.id(), number, outcome.error(),
                        next == null ? "; no attempts left" : "");
            }
        } catch (RuntimeException e) {
            log.warn("Webhook delivery {} attempt {} could not be recorded", c.id(), number, e);
        }
    }

    private void safeRelease(WebhookRepository.Claimed c) {
        try {
            repository.releaseLease(c.id(), nodeId);
        } catch (RuntimeException e) {
            log.warn("Lease of webhook delivery {} could not be released; it runs out by itself", c.id(), e);
        }
    }

    /** Stops taking deliveries, lets attempts in flight finish (up to the attempt timeout), then stops. */
    @Override
    public void close() {
        running = false;
        if (loop != null) {
            // Wake rather than interrupt: an interrupt could land inside a JDBC call of the claim.
            signal.wake();
            join(loop, Duration.ofSeconds(5));
            if (loop.isAlive()) {
                loop.interrupt();
                join(loop, Duration.ofSeconds(1));
            }
        }
        long deadline = System.nanoTime() + config.timeout().plusSeconds(1).toNanos();
        for (Thread t : Set.copyOf(inFlight)) {
            join(t, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        for (Thread t : Set.copyOf(inFlight)) {
            t.interrupt();
            join(t, Duration.ofSeconds(2));
        }
        sender.close();
    }

    private static void join(Thread t, Duration max) {
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(max.toNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
