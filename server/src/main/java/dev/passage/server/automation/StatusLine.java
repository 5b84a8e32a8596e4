package dev.passage.server.automation;

import dev.passage.protocol.Command;
import dev.passage.server.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the person is told while a run goes on, so they never watch the page move without a word: the
 * sign-in prompt, a refused password or code and the tries left, the one-time-code step, each operation
 * and its steps with the run's progress, and the end. Each is one updateStatus. The words are this
 * class's and the integration file's own, never arguments, typed values or results. The current status
 * is sent again after a page load, for clients whose overlay lives in the page.
 */
final class StatusLine {
    /** One updateStatus; {@code progress} from 0 to 1, null while the person has the page. */
    record Status(String heading, String subheading, Double progress) {
        ObjectNode args() {
            ObjectNode args = Json.mapper().createObjectNode().put("heading", heading).put("subheading", subheading);
            if (progress != null) {
                args.put("progress", progress);
            }
            return args;
        }
    }

    /** Where the login's statuses sit in the trace: after the navigate (1), before the yields (3). */
    static final int LOGIN_STEP = 2;
    /** Where an operation's own status sits in the trace: before its first step. */
    static final int OPERATION_START = 0;
    /** The share of the bar the login stands for: the operations' steps fill the rest. */
    private static final double AFTER_LOGIN = 0.1;
    private static final double BEFORE_DONE = 0.95;
    private static final String KEEP_OPEN = "Please keep this page open until it is done.";

    private final DeviceCommands device;
    private final String service;
    private final int totalSteps;
    private int stepsDone;
    private String operation;
    private Status current;
    private boolean pageMayChange;

    /** {@code totalSteps}: the steps of every operation the run will go through, for the progress. */
    StatusLine(DeviceCommands device, String service, int totalSteps) {
        this.device = device;
        this.service = service;
        this.totalSteps = totalSteps;
    }

    // ---- the login: the person has the page ------------------------------------------------------------

    void signIn() {
        login("Sign in to " + service, "Passage carries on by itself once you are signed in. Your password stays on this device.");
    }

    /** The site asks for a one-time code; {@code message} is the integration's ("Enter the code T-Mobile texted you"). */
    void code(String message) {
        login(message, "Passage carries on by itself once the code is accepted.");
    }

    void wrongPassword(int triesLeft) {
        login("That password didn't work", "Check it and try again — " + tries(triesLeft) + " left");
    }

    void wrongCode(int triesLeft) {
        login("That code didn't work", "Check the code and try again — " + tries(triesLeft) + " left");
    }

    void noTriesLeft(boolean code) {
        login(code ? "That code didn't work either" : "That password didn't work either",
                "That was the last try, so Passage has stopped. Start again from the app when you are ready.");
    }

    void locked() {
        login(service + " has locked this account",
                "Passage has stopped. Unlock the account with " + service + ", then start again from the app.");
    }

    void refused() {
        login(service + " did not let you sign in", "Passage has stopped. You can start again from the app.");
    }

    void timeUp() {
        login("Time is up", "Passage has stopped waiting for you to sign in. Start again from the app when you are ready.");
    }

    private void login(String heading, String subheading) {
        show("login", LOGIN_STEP, new Status(heading, subheading, null));
    }

    // ---- the operations: the automation has the page -----------------------------------------------

    /**
     * Operation {@code index} of {@code count} begins; {@code status} is its own words ("Reading your
     * payment methods"), or null. The first one says the sign-in worked.
     */
    void operation(String op, int index, int count, String status) {
        operation = status == null ? "Working on your " + service + " account" : status;
        String heading = index == 0 ? "Signed in — " + lowerFirst(operation) : operation;
        show(op, OPERATION_START, new Status(heading, count > 1 ? "Part " + (index + 1) + " of " + count : KEEP_OPEN, progress()));
    }

    /** Step {@code n} begins and has words of its own ("Checking the card on the review page"). */
    void step(String op, int n, String status) {
        show(op, n, new Status(operation, status, progress()));
    }

    /**
     * Step {@code n} is done ({@code command} is its command, null for a step that sends none, or one
     * skipped by its guard). After a page load the current words are sent again, with the progress: at
     * once after a navigation, and after the wait that follows a click or key press (the page has settled).
     */
    void stepDone(String op, int n, Command command) {
        stepsDone++;
        if (command == null || current == null) {
            return;
        }
        switch (command) {
            case NAVIGATE, RELOAD, GO_BACK, WAIT_FOR_NAVIGATION -> again(op, n);
            case CLICK, PRESS -> pageMayChange = true;
            case WAIT_FOR_SELECTOR, WAIT_FOR_NETWORK_IDLE -> {
                if (pageMayChange) {
                    again(op, n);
                }
            }
            default -> {
                // Looking at the page does not change it.
            }
        }
    }

    void done() {
        show("done", 1, new Status("Done — you can close this tab", "Your " + service + " account is linked.", 1.0));
    }

    private void again(String op, int n) {
        pageMayChange = false;
        show(op, n, new Status(current.heading(), current.subheading(), progress()));
    }

    private void show(String op, int n, Status status) {
        current = status;
        pageMayChange = false;
        device.status(op, n, status);
    }

    private Double progress() {
        double share = totalSteps == 0 ? 1 : Math.min(1, (double) stepsDone / totalSteps);
        return Math.round((AFTER_LOGIN + (BEFORE_DONE - AFTER_LOGIN) * share) * 100) / 100.0;
    }

    private static String tries(int n) {
        return n == 1 ? "1 try" : n + " tries";
    }

    /** "Reading your payment methods" → "reading your payment methods"; "ATM cards…" stays as it is. */
    private static String lowerFirst(String s) {
        boolean word = s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1));
        return word ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }
}
