package dev.passage.examples;

import java.util.List;

/** The example app's few pages, as plain HTML strings (a real app would use its own templates). */
final class Pages {
    private Pages() {}

    /** One account a person may link: {@code tmobile:paymentMethod} and its label. */
    record Choice(String value, String label) {}

    private static final String STYLE = """
            <style>
              body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fbf7f2; color: #2a2118; }
              header { background: #2a2118; color: #fff; padding: 0.8rem 1.25rem; font-weight: 700; }
              main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; }
              .card { background: #fff; border: 1px solid #e6dccf; border-radius: 10px; padding: 1.25rem; margin-bottom: 1rem; }
              label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
              select, button { font: inherit; min-height: 2.6rem; border-radius: 8px; }
              select { width: 100%; padding: 0.4rem; border: 1px solid #9b8b78; }
              button { margin-top: 0.8rem; padding: 0.5rem 1rem; border: 0; background: #b4490a; color: #fff; font-weight: 600; cursor: pointer; }
              :focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
              pre { background: #1f1a14; color: #f2ebe2; padding: 0.8rem; border-radius: 8px; overflow: auto; font-size: 0.85rem; max-height: 28rem; }
              .muted { color: #6b5d4d; }
            </style>""";

    static String home(List<Choice> choices, List<IntegratorApp.Linked> linked) {
        StringBuilder options = new StringBuilder();
        choices.forEach(c -> options.append("<option value=\"").append(esc(c.value())).append("\">").append(esc(c.label()))
                .append("</option>"));
        StringBuilder list = new StringBuilder();
        linked.forEach(l -> list.append("<li><a href=\"/links/").append(esc(l.linkId())).append("\">").append(esc(l.what()))
                .append("</a> ").append(l.webhook() == null ? "<span class=\"muted\">(no webhook yet)</span>"
                        : "<strong>" + esc(l.webhook().status().wire()) + "</strong> (verified webhook)").append("</li>"));
        return page("Acme Perks", """
                <div class="card">
                  <h1>Get perks for paying on time</h1>
                  <p>Link the account you pay your phone bill with. You sign in to it yourself, on your own device:
                    Acme never sees your password.</p>
                  <form method="post" action="/links">
                    <label for="operation">Account to link</label>
                    <select id="operation" name="operation">%s</select>
                    <button type="submit" id="start">Link account</button>
                  </form>
                </div>
                %s""".formatted(options, list.isEmpty() ? "" : "<div class=\"card\"><h2>Your links</h2><ul>" + list + "</ul></div>"));
    }

    static String link(IntegratorApp.Linked linked, String passageUrl) {
        return page("Linking", """
                <div class="card" id="link" data-link-id="%1$s" data-claim-code="%2$s">
                  <h1>Linking your account</h1>
                  <p class="muted">%3$s</p>
                  <p id="state" role="status" aria-live="polite">Opening Passage…</p>
                  <button type="button" id="open">Open Passage again</button>
                  <div id="result"></div>
                  <p><a href="/">Back</a></p>
                </div>
                <script src="%4$s/sdk/passage.js"></script>
                <script src="/app.js"></script>""".formatted(esc(linked.linkId()), esc(linked.claimCode()), esc(linked.what()),
                esc(passageUrl)));
    }

    static String message(String title, String text) {
        return page(title, "<div class=\"card\"><h1>" + esc(title) + "</h1><p>" + esc(text) + "</p><p><a href=\"/\">Back</a></p></div>");
    }

    /** {@code mobileBillingStatement} → "mobile billing statement". */
    static String words(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title)
                + " · Acme Perks</title>" + STYLE + "</head><body><header>Acme Perks</header><main>" + body + "</main></body></html>";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
