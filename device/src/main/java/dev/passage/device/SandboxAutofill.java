package dev.passage.device;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.util.HashSet;
import java.util.Set;

/**
 * Types a sandbox test user's credentials into whatever login step the page shows (username,
 * password, or one-time code), as the person would: once per step and page, so a rejected password
 * is not retried in a loop. It runs only while the session hands the page to the user (the device
 * runtime's --sandbox-user, and tests that play the person in a browser the extension drives).
 */
public final class SandboxAutofill {
    /** Marks the visible fields of the current login step; answers which step it is, or null. */
    private static final String FIND = """
            () => {
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
              return step;
            }""";

    private final SandboxUsers.Credentials user;
    private final Set<String> done = new HashSet<>();

    public SandboxAutofill(SandboxUsers.Credentials user) {
        this.user = user;
    }

    /** Fills the current step if it has not been filled on this page yet; true when it typed something. */
    public boolean tryFill(Page page) {
        try {
            Object step = page.evaluate(FIND);
            if (step == null || !done.add(page.url() + "#" + step)) {
                return false;
            }
            switch (step.toString()) {
                case "otp" -> {
                    if (user.mfaCode() == null) {
                        return false;
                    }
                    Object maxLength = page.evaluate("() => document.querySelector('[data-passage-autofill=otp]').maxLength");
                    if (maxLength instanceof Number n && n.intValue() == 1) {
                        // One box per digit (Apple's style): type digit by digit, the page moves the focus
                        // and sends the code itself when every box is filled.
                        page.locator("[data-passage-autofill=otp]").pressSequentially(user.mfaCode());
                        return true;
                    }
                    page.fill("[data-passage-autofill=otp]", user.mfaCode());
                }
                case "login" -> {
                    page.fill("[data-passage-autofill=username]", user.username());
                    page.fill("[data-passage-autofill=password]", user.password());
                }
                case "password" -> page.fill("[data-passage-autofill=password]", user.password());
                default -> page.fill("[data-passage-autofill=username]", user.username());
            }
            if (page.locator("[data-passage-autofill=submit]").count() > 0) {
                page.click("[data-passage-autofill=submit]");
            } else {
                page.keyboard().press("Enter");
            }
            return true;
        } catch (PlaywrightException e) {
            // The page moved on while we looked (a redirect): the next tick looks again.
            return false;
        }
    }
}
