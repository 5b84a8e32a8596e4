package dev.passage.sandbox.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** The portals' JTE templates, compiled at build time (src/main/jte). */
public final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {}

    /**
     * Renders {@code name} (e.g. {@code "att/wallet.jte"}) into the response as HTML, with parameters
     * given as name, value pairs; values may be null.
     */
    public static void render(Context ctx, String name, Object... params) {
        if (params.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name, value pairs");
        }
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        StringOutput out = new StringOutput();
        ENGINE.render(name, map, out);
        ctx.html(out.toString());
    }
}
