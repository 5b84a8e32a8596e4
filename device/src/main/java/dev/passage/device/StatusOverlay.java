package dev.passage.device;

import com.microsoft.playwright.Page;
import java.util.Arrays;

/** The overlay that tells the person what the automation is doing while it drives the page. */
final class StatusOverlay {
    private static final String SCRIPT = """
            ([heading, subheading, progress]) => {
              let el = document.getElementById('__passage_overlay');
              if (!el) {
                el = document.createElement('div');
                el.id = '__passage_overlay';
                el.setAttribute('role', 'status');
                el.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483647;padding:12px 16px;'
                  + 'background:rgba(17,24,39,.92);color:#fff;font:14px system-ui,sans-serif;pointer-events:none';
                el.innerHTML = '<strong></strong><div></div><progress max="1" style="width:100%"></progress>';
                (document.body || document.documentElement).appendChild(el);
              }
              el.querySelector('strong').textContent = heading;
              el.querySelector('div').textContent = subheading;
              const bar = el.querySelector('progress');
              if (progress === null) { bar.removeAttribute('value'); } else { bar.value = progress; }
              return true;
            }""";

    private final Page page;

    StatusOverlay(Page page) {
        this.page = page;
    }

    void show(String heading, String subheading, Double progress) {
        page.evaluate(SCRIPT, Arrays.asList(heading, subheading, progress));
    }
}
