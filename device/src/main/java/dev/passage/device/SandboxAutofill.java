package dev.passage.device;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Types a sandbox test user's credentials into whatever login step the page shows (username,
 * password, or one-time code), as the person would: once per step and page, and again only when the
 * page refuses what was typed, then with the user's next password or code (a user with one password
 * types it once, so a rejected password is not retried in a loop). Before trying again it waits, as
 * a person reads the overlay, until Passage has counted the refusal (or a few seconds have passed).
 * It runs only while the session hands the page to the user (the device runtime's --sandbox-user,
 * and tests that play the person in a browser the extension drives).
 */
public final class SandboxAutofill {
    /** How long the person waits for Passage to notice a refusal before trying again anyway. */
    static final int PATIENCE_MS = 5_000;

    /**
     * Marks the visible fields of the current login step; answers {step, refused}: which step it is (or
     * null), and whether the page shows a refusal not answered yet ("wait" while Passage has not counted
     * it, "answer" once it has: the hosted worker's login probe keeps what it counted in the page under
     * Symbol.for('passage.refusals'), by each error's first text node), or "none".
     */
    private static final String FIND = """
            (patience) => {
              const shown = el => !!el && !el.disabled && el.getClientRects().length > 0
                && getComputedStyle(el).visibility !== 'hidden';
              document.querySelectorAll('[data-passage-autofill]').forEach(el => el.removeAttribute('data-passage-autofill'));
              const inputs = [...document.querySelectorAll('input')].filter(shown);
              const text = i => (i.name + ' ' + i.id + ' ' + (i.autocomplete || '') + ' ' + (i.placeholder || '')).toLowerCase();
              const otp = inputs.find(i => i.autocomplete === 'one-time-code' || /otp|one.?time|mfa|verification|passcode|\\bcode\\b/.test(text(i)));
              const pass = inputs.find(i => i.type === 'password');
              const user = inputs.find(i => ['text', 'email', 'tel', ''].includes(i.type) && i !== otp
                && /user|email|login|account|phone|name|id/.test(text(i)));
              const form = (otp || pass || user)?.form;
              const submit = (form || document).querySelector('button[type=submit], input[type=submit], button:not([type])');
              let step = null;
              if (otp && !pass) { otp.dataset.passageAutofill = 'otp'; step = 'otp'; }
              else if (pass) { pass.dataset.passageAutofill = 'password'; step = 'password';
                if (user && !user.value) { user.dataset.passageAutofill = 'username'; step = 'login'; } }
              else if (user) { user.dataset.passageAutofill = 'username'; step = 'username'; }
              if (step && shown(submit)) { submit.dataset.passageAutofill = 'submit'; }

              const MEMORY = Symbol.for('passage.sandbox-person');
              if (!window[MEMORY]) Object.defineProperty(window, MEMORY, { value: { seen: new WeakMap(), answered: new WeakSet() } });
              const memory = window[MEMORY];
              const counted = window[Symbol.for('passage.refusals')];
              const firstText = el => {
                const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.textContent.trim()) return n;
                return el;
              };
              let refused = 'none';
              const error = [...document.querySelectorAll('[role=alert], [data-error-code]')]
                .find(el => shown(el) && el.textContent.trim());
              if (error && !memory.answered.has(firstText(error))) {
                const key = firstText(error);
                if (!memory.seen.has(key)) memory.seen.set(key, Date.now());
                if ((counted && counted.has(key)) || Date.now() - memory.seen.get(key) > patience) {
                  memory.answered.add(key);
                  refused = 'answer';
                } else {
                  refused = 'wait';
                }
              }
              return { step, refused };
            }""";

    private final SandboxUsers.Credentials user;
    private final Set<String> done = new HashSet<>();
    private int passwordsTyped;
    private int codesTyped;

    public SandboxAutofill(SandboxUsers.Credentials user) {
        this.user = user;
    }

    /**
     * Fills the current step if it has not been filled on this page yet, or if the page refused what was
     * typed there and the user has another password or code to try; true when it typed something.
     */
    public boolean tryFill(Page page) {
        String key = null;
        try {
            if (!(page.evaluate(FIND, PATIENCE_MS) instanceof Map<?, ?> found) || found.get("step") == null
                    || "wait".equals(found.get("refused"))) {
                return false;
            }
            String step = found.get("step").toString();
            // The user name and password of one form are one step, whether the page kept the name or not.
            String kind = switch (step) {
                case "otp", "username" -> step;
                default -> "credentials";
            };
            boolean again = "answer".equals(found.get("refused"));
            if (!done.add(page.url() + "#" + kind) && !again) {
                return false;
            }
            key = page.url() + "#" + kind;
            switch (step) {
                case "otp" -> {
                    if (codesTyped == user.mfaCodes().size()) {
                        return false;
                    }
                    String code = user.mfaCodes().get(codesTyped);
                    Object maxLength = page.evaluate("() => document.querySelector('[data-passage-autofill=otp]').maxLength");
                    if (maxLength instanceof Number n && n.intValue() == 1) {
                        // One box per digit (Apple's style): type digit by digit, the page moves the focus
                        // and sends the code itself when every box is filled.
                        page.locator("[data-passage-autofill=otp]").pressSequentially(code);
                        codesTyped++;
                        return true;
                    }
                    page.fill("[data-passage-autofill=otp]", code);
                }
                case "login", "password" -> {
                    if (passwordsTyped == user.passwords().size()) {
                        return false;
                    }
                    if (step.equals("login")) {
                        page.fill("[data-passage-autofill=username]", user.username());
                    }
                    page.fill("[data-passage-autofill=password]", user.passwords().get(passwordsTyped));
                }
                default -> page.fill("[data-passage-autofill=username]", user.username());
            }
            if (page.locator("[data-passage-autofill=submit]").count() > 0) {
                page.click("[data-passage-autofill=submit]");
            } else {
                page.keyboard().press("Enter");
            }
            switch (step) {
                case "otp" -> codesTyped++;
                case "login", "password" -> passwordsTyped++;
                default -> {
                    // The user name is the same every time.
                }
            }
            return true;
        } catch (PlaywrightException e) {
            // The page moved on while we looked or typed (a redirect): the next tick looks again, and
            // types what it could not type here.
            if (key != null) {
                done.remove(key);
            }
            return false;
        }
    }
}
