package dev.passage.server.testing;

import dev.passage.server.sessions.SessionTicket;
import dev.passage.server.sessions.WorkerLauncher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A worker launcher for tests: keeps each ticket for the scripted worker, or fails when told to. */
public final class TestLauncher implements WorkerLauncher {
    private final Map<String, SessionTicket> tickets = new ConcurrentHashMap<>();
    private volatile boolean failing;
    private volatile boolean inProcess;

    @Override
    public boolean inProcess() {
        return inProcess;
    }

    /** Makes the scripted worker count as running inside the node (as the hosted worker does). */
    public void inProcess(boolean value) {
        this.inProcess = value;
    }

    @Override
    public void launch(SessionTicket ticket) {
        if (failing) {
            throw new IllegalStateException("test launcher told to fail");
        }
        tickets.put(ticket.sessionId(), ticket);
    }

    /** The ticket of a launched session. */
    public SessionTicket ticket(String sessionId) {
        SessionTicket ticket = tickets.get(sessionId);
        if (ticket == null) {
            throw new AssertionError("No worker was launched for " + sessionId);
        }
        return ticket;
    }

    public void failing(boolean fail) {
        this.failing = fail;
    }
}
