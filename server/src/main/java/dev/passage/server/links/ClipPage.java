package dev.passage.server.links;

import dev.passage.server.http.HttpServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * {@code GET /clip?code=clm_…}: where a link's {@code appClipUrl} lands in an ordinary browser. The
 * automation runs in the device runtime, not in this page, so the page says how to open the link
 * there; the claim code is echoed only when it has the shape of one.
 */
public final class ClipPage implements HttpServer.Routes {
    private static final Pattern CODE = Pattern.compile("clm_[0-9a-f-]{36}");

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/clip", this::page);
    }

    private void page(Context ctx) {
        String code = ctx.queryParam("code");
        boolean valid = code != null && CODE.matcher(code).matches();
        String how = valid
                ? "<p>Open this link on your device with the Passage device runtime:</p><pre>./passage device " + code + "</pre>"
                : "<p>This address needs a claim code: <code>/clip?code=clm_…</code>.</p>";
        ctx.status(valid ? 200 : 400).contentType("text/html; charset=utf-8").result("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Passage link</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body style="font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
                <h1>Link your account</h1>%s
                <p>You log in to the service yourself, in that browser; your password never leaves your device.</p>
                </body></html>""".formatted(how));
    }
}
