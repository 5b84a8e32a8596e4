// The example app's page: opens the Passage modal with the link's claim code, and once Passage says
// the link is complete (or failed), asks this app's backend for what its verified webhook brought.
(function () {
  var card = document.getElementById("link");
  var linkId = card.dataset.linkId;
  var state = document.getElementById("state");
  var result = document.getElementById("result");

  function open() {
    Passage.open({
      claimCode: card.dataset.claimCode,
      onStatus: function (s) { state.textContent = "Passage says: " + s.status; },
      onComplete: function (id) { state.textContent = "Linked (" + id + "). Waiting for the webhook…"; poll(); },
      onFailed: function (id, error) { state.textContent = "That did not work: " + (error ? error.message : "") + " Try again."; },
      onExpired: function () { state.textContent = "The link expired. Go back and start again."; }
    });
  }

  function poll() {
    fetch("/links/" + linkId + "/result").then(function (r) { return r.json(); }).then(function (body) {
      if (!body.webhookVerified) { setTimeout(poll, 500); return; }
      state.textContent = "Done: the signed webhook arrived and its signature checks out.";
      var title = document.createElement("h2");
      title.textContent = "What Passage sent";
      var pre = document.createElement("pre");
      pre.id = "webhook-result";
      pre.textContent = JSON.stringify(body.webhook.result, null, 2);
      result.replaceChildren(title, pre);
    });
  }

  document.getElementById("open").addEventListener("click", open);
  open();
})();
