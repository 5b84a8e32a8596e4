// Runs on the link page of a Passage server this extension trusts (the page at a link's appClipUrl,
// <server>/clip?code=clm_…). It tells the page the extension is here, so the page can offer
// "Continue in this browser", and hands a link the page posts over to the extension, which asks the
// person before anything runs. The message contract is in docs/extension.md.
(() => {
  if (window.top !== window) return;
  const PAGE = "passage-link-page";
  const EXTENSION = "passage-extension";
  const post = (message) => window.postMessage({ source: EXTENSION, ...message }, location.origin);
  const ask = (message) => new Promise((resolve) => {
    try {
      chrome.runtime.sendMessage(message, (answer) => resolve(chrome.runtime.lastError ? null : answer));
    } catch (e) {
      resolve(null);
    }
  });

  let version = null;
  const hello = ask({ type: "linkPage.hello" }).then((answer) => {
    if (!answer || !answer.ok || !answer.trusted) return false;
    version = answer.version;
    document.documentElement.dataset.passageExtension = version;
    const announce = () => post({ type: "present", version });
    announce();
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", announce, { once: true });
    }
    return true;
  });

  window.addEventListener("message", async (event) => {
    const data = event.data;
    if (event.source !== window || event.origin !== location.origin || !data || data.source !== PAGE) return;
    if (!(await hello)) return;
    if (data.type === "ping") {
      post({ type: "present", version });
    } else if (data.type === "open") {
      const code = typeof data.code === "string" ? data.code : "";
      const answer = await ask({ type: "linkPage.open", code });
      if (answer && answer.ok) {
        post({ type: "opened", code });
      } else {
        post({ type: "error", code, message: (answer && answer.error) || "The extension could not open this link." });
      }
    }
  });
})();
