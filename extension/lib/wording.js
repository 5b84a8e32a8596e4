// What a link will do, in words a person reads before agreeing. The words are the server's
// (GET /link/info: `purpose` and each operation's `phrase`), so the link page, the web SDK's modal and
// this extension say the same thing; they are built from the operations' resource and action only:
// arguments (a card number, say) never reach the extension. A server too old to send them gets a
// plain sentence rather than the operations' technical names.

/** One operation as a phrase: "read your T-Mobile payment methods". */
export function phrase(op, service) {
  if (op && typeof op.phrase === "string" && op.phrase) {
    return op.phrase;
  }
  return `use your ${service || "the service's"} account`;
}

/** The consent sentence: "Acme wants to read your T-Mobile payment methods" (no closing full stop). */
export function consentSentence(info) {
  if (info && typeof info.purpose === "string" && info.purpose) {
    return info.purpose;
  }
  const org = (info && info.organization && info.organization.name) || "An app";
  const service = (info && info.integration && info.integration.name) || "your";
  return `${org} wants to use your ${service} account`;
}

/** Whether any operation writes (the consent page says so plainly). */
export function writes(info) {
  return (info.operations || []).some((op) => op.action !== "read");
}

/** What the automation is doing now, for the overlay while it runs: "Reading your T-Mobile payment methods". */
export function working(info) {
  const ops = (info && info.operations) || [];
  const service = (info && info.integration && info.integration.name) || "";
  if (ops.length === 0) {
    return "Working on your account";
  }
  const p = phrase(ops[0], service).replace(/^\w/, (c) => c.toUpperCase());
  return p.replace(/^Read /, "Reading ").replace(/^Add /, "Adding ").replace(/^Change /, "Changing ")
    .replace(/^Use /, "Using ");
}
