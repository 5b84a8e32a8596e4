// What a link will do, in words a person reads before agreeing. Built from the operations'
// resource and action only: arguments (a card number, say) never reach the extension.

const PHRASES = {
  "paymentMethod.read": (s) => `read your ${s} payment methods`,
  "paymentMethod.write": (s) => `add a payment card to your ${s} account`,
  "mobileBillingStatement.read": (s) => `read your ${s} billing statements`,
  "orderHistory.read": (s) => `read your ${s} order history`,
  "readHistory.read": (s) => `read your ${s} reading history`,
};

const VERBS = { read: "read", write: "change", create: "add to", update: "change", delete: "delete" };

function words(camel) {
  return camel.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
}

/** One operation as a phrase: "read your T-Mobile payment methods". */
export function phrase(op, service) {
  const known = PHRASES[`${op.resource}.${op.action}`];
  if (known) {
    return known(service);
  }
  const verb = VERBS[op.action] || words(op.action);
  return `${verb} your ${service} ${words(op.resource)}`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(parts) {
  if (parts.length <= 1) {
    return parts.join("");
  }
  return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
}

/** The consent sentence: "Acme wants to read your T-Mobile payment methods". */
export function consentSentence(info) {
  const org = (info.organization && info.organization.name) || "An app";
  const service = (info.integration && info.integration.name) || "your";
  const ops = Array.isArray(info.operations) ? info.operations : [];
  const seen = new Set();
  const phrases = [];
  for (const op of ops) {
    const p = phrase(op, service);
    if (!seen.has(p)) {
      seen.add(p);
      phrases.push(p);
    }
  }
  return `${org} wants to ${joinAnd(phrases) || `use your ${service} account`}`;
}

/** Whether any operation writes (the consent page says so plainly). */
export function writes(info) {
  return (info.operations || []).some((op) => op.action !== "read");
}

/** What the automation is doing now, for the overlay while it runs: "Reading your payment methods". */
export function working(info) {
  const ops = (info && info.operations) || [];
  const service = (info && info.integration && info.integration.name) || "";
  if (ops.length === 0) {
    return "Working on your account";
  }
  const p = phrase(ops[0], service).replace(/^\w/, (c) => c.toUpperCase());
  return p.replace(/^Read /, "Reading ").replace(/^Add /, "Adding ").replace(/^Change /, "Changing ");
}
