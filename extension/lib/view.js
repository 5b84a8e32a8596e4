// What the person is told about a session, computed once from its stored state and shown both in the
// overlay on the automation tab and in the popup.
import { working } from "./wording.js";

/** {mode: connecting|working|turn|done|failed, label, heading, subheading, progress}. */
export function viewOf(state) {
  if (!state) {
    return null;
  }
  const info = state.info || {};
  const service = (info.integration && info.integration.name) || "the service";
  const org = (info.organization && info.organization.name) || "The app";
  const status = state.status || null;
  const fresh = (since) => status && status.at >= (since || 0);

  if (state.phase === "ended") {
    const outcome = state.outcome || {};
    if (outcome.state === "complete") {
      return { mode: "done", label: "Passage · done", heading: `Done: your ${service} account is linked`,
        subheading: `${org} has what you agreed to share. You can close this tab.`, progress: 1 };
    }
    const reason = outcome.error && outcome.error.message;
    const heading = outcome.state === "cancelled" ? "You stopped linking" : `Linking ${service} did not finish`;
    return { mode: "failed", label: "Passage · stopped", heading,
      subheading: reason || "Nothing more will be done in this tab.", progress: null };
  }
  if (state.turn) {
    const own = fresh(state.turnSince);
    return { mode: "turn", label: "Passage · your turn",
      heading: (own && status.heading) || `Your turn: log in to ${service} in this tab`,
      subheading: (own && status.subheading)
        || "Passage carries on by itself once you are signed in. Your password stays in this browser.",
      progress: null };
  }
  if (state.phase === "running" && state.commandsRun > 0) {
    return { mode: "working", label: `Passage · for ${org}`,
      heading: (status && status.heading) || `${working(info)}…`,
      subheading: (status && status.subheading) || "Please leave this tab open until it is done.",
      progress: status && typeof status.progress === "number" ? status.progress : null };
  }
  return { mode: "working", label: `Passage · for ${org}`, heading: `Connecting to ${service}…`,
    subheading: "Passage is opening the sign-in page.", progress: null };
}
