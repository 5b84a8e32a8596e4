// Which Passage servers this extension works with. Operators edit this file before publishing
// (docs/extension.md, "Pointing it at your own server"); `./passage extension pack` copies these
// origins into the manifest's host_permissions and content_scripts.matches.
export const CONFIG = Object.freeze({
  // Where a bare claim code (clm_…) pasted in the popup is claimed.
  defaultServer: "http://localhost:8080",
  // Origins of the Passage servers the extension trusts: their link pages may hand it a link, and
  // links are claimed only there. Add your own, e.g. "https://connect.example.com".
  servers: ["http://localhost:8080"],
  // Development only: also trust any http://localhost:<port> and http://127.0.0.1:<port>.
  // Set to false before publishing.
  trustLoopbackServers: true,
});
