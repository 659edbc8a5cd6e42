// The events pages' script.
// 1. "Planifier": the form is posted with fetch, asking for application/x-ndjson; the server answers
//    one JSON line per step ({"step": "roster"}, {"step": "round", "round", "meetings"}, then
//    {"step": "done", "url"} or {"step": "error", "message"}), read as they come to move the <progress>
//    and the status line, then the result page opens. Without this script the form posts as usual
//    and the server redirects to the result page once the schedule is computed.
// 2. The new event's id follows its name (as matcher.slugify makes it) until it is edited.
(function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function scheduleWithProgress(form) {
    var button = form.querySelector("button[type=submit]");
    var bar = form.querySelector("progress");
    var status = form.querySelector(".schedule-status");
    var text = form.dataset;

    function show(message, value, failed) {
      status.textContent = message;
      status.classList.toggle("error", Boolean(failed));
      if (value === null) {
        bar.hidden = true;
      } else {
        bar.hidden = false;
        if (value === undefined) bar.removeAttribute("value"); else bar.value = value;
      }
    }

    function step(line) {
      if (line.step === "roster") {
        show(text.roster, undefined);
      } else if (line.step === "round") {
        // The number of rounds is not known in advance: each one brings the bar closer to the end.
        show(fill(text.round, {round: line.round, meetings: line.meetings}), 1 - 0.9 / (line.round + 1));
      } else if (line.step === "done") {
        show(text.done, 1);
        window.location.assign(line.url);
        return true;
      } else if (line.step === "error") {
        show(line.message, null, true);
        return true;
      }
      return false;
    }

    window.addEventListener("pageshow", function (event) {  // back from the result page: ready again
      if (event.persisted) { button.disabled = false; show("", null); }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      show(text.roster, undefined);
      var finished = false;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/x-ndjson"}})
        .then(function (response) {
          if (!response.ok || !response.body) throw new Error(fill(text.failed, {status: response.status}));
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          var buffer = "";
          function read() {
            return reader.read().then(function (chunk) {
              buffer += decoder.decode(chunk.value || new Uint8Array(), {stream: !chunk.done});
              var lines = buffer.split("\n");
              buffer = chunk.done ? "" : lines.pop();
              lines.forEach(function (line) {
                if (line.trim() && !finished) finished = step(JSON.parse(line));
              });
              if (chunk.done) {
                if (!finished) throw new Error(fill(text.failed, {status: "—"}));
                return null;
              }
              return read();
            });
          }
          return read();
        })
        .catch(function (error) { show(error.message, null, true); finished = true; })
        .then(function () { if (!status.classList.contains("error")) return; button.disabled = false; });
    });
  }

  function slug(text) {
    return text.normalize("NFKD").toLowerCase().replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50).replace(/-+$/, "");
  }

  function followName(input) {
    var source = document.getElementById(input.dataset.slugFrom);
    if (!source) return;
    var edited = input.value !== "" && input.value !== slug(source.value);
    input.addEventListener("input", function () { edited = input.value !== ""; });
    source.addEventListener("input", function () { if (!edited) input.value = slug(source.value); });
  }

  document.querySelectorAll("form[data-schedule]").forEach(function (form) {
    if (window.fetch && window.ReadableStream && window.TextDecoder) scheduleWithProgress(form);
  });
  document.querySelectorAll("input[data-slug-from]").forEach(followName);
})();
