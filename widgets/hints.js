// HintLadder front end: the open hints, and one button that opens the next.
//
// The button is a real <button>: Tab reaches it, Enter or Space opens the next hint, as a click
// does. Only the open hints are in the model, so the next one cannot be read before it is opened.
// When a hint opens, focus moves to it (its heading) and the live region says which it is.
//
// h(), keepKeysFromNotebook(), announcer() and replaceKeepingFocus() are in _common.js, appended to this file.

function render({ model, el }) {
  const live = h("div", { class: "ls-hint-live", "aria-live": "polite" });
  const say = announcer(live);
  const container = h("div");
  let focusNew = false;

  function rungView(rung, index) {
    const body = h("div", { class: "ls-hint-text" });
    body.innerHTML = rung.html; // rendered in the kernel from the course's Markdown, raw HTML escaped
    return h(
      "section",
      { class: `ls-hint ls-hint-${rung.level}`, "aria-labelledby": `${model.get("exercise_id")}-hint-${index}` },
      h(
        "h4",
        { class: "ls-hint-name", id: `${model.get("exercise_id")}-hint-${index}`, tabindex: "-1", "data-focus": `rung:${index}` },
        `Hint ${index + 1} of ${model.get("levels").length}: ${rung.name}`,
      ),
      body,
      rung.code ? h("pre", { class: "ls-hint-code" }, h("code", {}, rung.code)) : null,
    );
  }

  function draw() {
    const levels = model.get("levels");
    const opened = model.get("opened");
    const rungs = model.get("rungs");
    const next =
      opened < levels.length
        ? h(
            "button",
            {
              class: "ls-hint-next",
              type: "button",
              "data-focus": "next",
              onclick: () => {
                focusNew = true;
                model.send({ type: "open" });
              },
            },
            `Show hint ${opened + 1} of ${levels.length}: ${levels[opened]}`,
          )
        : h("p", { class: "ls-hint-done" }, "All the hints are open. The skeleton's blanks (...) are yours to fill.");
    const root = h(
      "div",
      { class: "ls-hints", role: "group", "aria-label": model.get("title"), "data-exercise": model.get("exercise_id") },
      h("div", { class: "ls-hints-header" }, h("span", { class: "ls-hints-badge" }, "Hints"), h("h3", { class: "ls-hints-title" }, model.get("title"))),
      model.get("notice") ? h("div", { class: "ls-hints-notice", role: "alert" }, model.get("notice")) : null,
      rungs.map(rungView),
      next,
      h("p", { class: "ls-hints-status" }, model.get("status")),
      live,
    );
    // a model change may come as several (rungs, then status): focus stays where it was across redraws
    const opening = focusNew && rungs.length;
    replaceKeepingFocus(container, root, opening ? `rung:${rungs.length - 1}` : null);
    if (opening) {
      focusNew = false;
      say(`Hint ${rungs.length} of ${levels.length} open: ${rungs[rungs.length - 1].name}.`);
    }
  }

  keepKeysFromNotebook(container);
  model.on("change:rungs", draw);
  model.on("change:status", draw);
  model.on("change:notice", draw);
  el.append(container);
  draw();
}

export default { render };
