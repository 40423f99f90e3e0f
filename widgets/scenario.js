// ScenarioPlayer front end: a branching complaint conversation, answered one response at a time.
//
// The transcript (what the customer said, the learner's responses, the customer's replies) is
// a list that grows as the learner answers. It is an aria-live region and is only ever
// appended to or cut back, never redrawn, so a screen reader reads just the new lines.
// Mouse: click a response. Keyboard: Tab to a response and press Enter or Space, or press its
// number (1-9) while focus is anywhere in the widget. "Go back one step" takes the last
// response back; "Start again" (confirmed in place) clears the conversation. After a choice,
// focus moves to the first response of the new step, or to the ending when the conversation
// is over.
//
// h(), keepKeysFromNotebook(), modeHeader() and the other shared helpers are in _common.js, appended to this file.

let uid = 0;

function render({ model, el }) {
  const me = `ls-sc-${++uid}`;
  let focusAfter = null; // data-focus key of the control to focus after the next draw
  let confirming = false; // true while "Start again" waits for its confirmation
  const live = h("div", { class: "ls-sc-sr-only", role: "status", "aria-live": "polite" });
  const announce = announcer(live);
  // The transcript list and the elements around it live across redraws: lines are appended
  // or cut back, never rebuilt, so the live region only ever reports new lines. What comes
  // before it (title, prompt, notice) and after it (the responses, the review, the buttons)
  // is redrawn.
  const transcript = h("ol", {
    class: "ls-sc-transcript",
    role: "list",
    "aria-label": "Conversation so far",
    "aria-live": "polite",
    "aria-relevant": "additions",
  });
  const top = h("div", { class: "ls-sc-top" });
  const bottom = h("div", { class: "ls-sc-bottom" });
  const holder = h(
    "div",
    { class: "ls-sc" },
    top,
    h("section", { class: "ls-sc-conversation", "aria-label": "Conversation" }, transcript),
    bottom,
  );
  el.replaceChildren(holder, live);

  const steps = () => model.get("steps") || [];
  const stepOf = (id) => steps().find((s) => s.id === id) || null;
  const customerName = () => (model.get("customer") || {}).name || "Customer";
  const path = () => ((model.get("value") || {}).path || []).map((e) => ({ step: e.step, option: e.option }));

  // Follow the path from the start: the responses that fit the scenario, and the step reached.
  function walk() {
    let at = stepOf(model.get("start"));
    const chosen = [];
    for (const entry of path()) {
      if (!at || at.ending || entry.step !== at.id) break;
      const option = at.options.find((o) => o.id === entry.option);
      if (!option) break;
      chosen.push({ step: at, option });
      at = stepOf(option.next);
    }
    return { chosen, at };
  }

  function focusKeyFor(step) {
    if (!step) return null;
    return step.ending ? "ending" : `option:${step.options[0].id}`;
  }

  function commit(nextPath, message, focusKey) {
    focusAfter = focusKey;
    confirming = false;
    model.set("value", { path: nextPath });
    model.save_changes();
    draw();
    if (message) announce(message);
  }

  // -- what the learner does -----------------------------------------------------------
  function choose(optionId) {
    const { chosen, at } = walk();
    if (!at || at.ending) return;
    const option = at.options.find((o) => o.id === optionId);
    if (!option) return;
    const nextPath = chosen.map((c) => ({ step: c.step.id, option: c.option.id }));
    nextPath.push({ step: at.id, option: option.id });
    // The new lines are read out by the transcript itself; focus goes to what comes next.
    commit(nextPath, null, focusKeyFor(stepOf(option.next)));
  }

  function back() {
    const { chosen } = walk();
    if (!chosen.length) return;
    const undone = chosen[chosen.length - 1];
    const nextPath = chosen.slice(0, -1).map((c) => ({ step: c.step.id, option: c.option.id }));
    // Stay on "Go back" while there is more to take back; else go to the response just reopened.
    const focusKey = nextPath.length ? "back" : `option:${undone.option.id}`;
    commit(nextPath, `Went back: your response at step ${chosen.length} is taken back. Choose again.`, focusKey);
  }

  function restart() {
    commit([], "The conversation starts again.", focusKeyFor(stepOf(model.get("start"))));
  }

  // The widget keeps its keys from the notebook (B would insert a cell, 1-9 change the cell
  // type); a number key picks that response.
  keepKeysFromNotebook(holder, (event) => {
    if (event.altKey || !/^[1-9]$/.test(event.key)) return;
    const { at } = walk();
    if (!at || at.ending || confirming) return;
    event.preventDefault();
    const option = at.options[Number(event.key) - 1];
    if (option) choose(option.id);
    else announce(`There ${at.options.length === 1 ? "is 1 response" : `are ${at.options.length} responses`} here.`);
  });

  // -- the transcript --------------------------------------------------------------------
  function line(kind, key, who, stage, text) {
    return h(
      "li",
      { class: `ls-sc-line ls-sc-${kind}`, "data-key": key },
      h(
        "div",
        { class: "ls-sc-meta" },
        h("span", { class: "ls-sc-who" }, who),
        stage ? h("span", { class: "ls-sc-sr-only" }, ", ") : null,
        stage ? h("span", { class: "ls-sc-stage" }, stage) : null,
        h("span", { class: "ls-sc-sr-only" }, ": "),
      ),
      h("p", { class: "ls-sc-text" }, text),
    );
  }

  // Content convention: the customer's own words are written in quotation marks; any other
  // text is what happens (narration), shown apart from the customer's lines.
  const spoken = (text) => /^["\u201c'\u2018]/.test(String(text).trim());

  function lines() {
    const name = customerName();
    const said = (step) => {
      if (step.ending) return line("end", `end:${step.id}`, "End of the conversation", "", step.say);
      return spoken(step.say)
        ? line("customer", `say:${step.id}`, name, step.stage_label, step.say)
        : line("narration", `say:${step.id}`, "What happens", step.stage_label, step.say);
    };
    const { chosen, at } = walk();
    const out = [];
    for (const { step, option } of chosen) {
      out.push(said(step), line("you", `you:${step.id}:${option.id}`, "You", "", option.text));
      if (!option.reply) continue;
      const key = `reply:${step.id}:${option.id}`;
      out.push(
        spoken(option.reply)
          ? line("customer ls-sc-reply", key, name, "", option.reply)
          : line("narration", key, "What happens", "", option.reply),
      );
    }
    if (at) out.push(said(at));
    return out;
  }

  function syncTranscript() {
    // Keep the lines that are still right, cut the rest, append the new ones: only additions are read out.
    const wanted = lines();
    const have = [...transcript.children];
    let same = 0;
    while (same < have.length && same < wanted.length && have[same].dataset.key === wanted[same].dataset.key) same++;
    for (const node of have.slice(same)) node.remove();
    transcript.append(...wanted.slice(same));
  }

  // -- drawing -----------------------------------------------------------------------------
  function turn(at, number) {
    const headingId = `${me}-turn`;
    const count = at.options.length;
    const keys =
      count > 1
        ? [h("kbd", {}, "1"), count > 2 ? " to " : " or ", h("kbd", {}, String(count))]
        : h("kbd", {}, "1");
    return h(
      "section",
      { class: "ls-sc-turn", role: "group", "aria-labelledby": headingId, "data-step": at.id },
      h(
        "h4",
        { class: "ls-sc-heading", id: headingId },
        "Your response ",
        h("span", { class: "ls-sc-count" }, `(step ${number}${at.stage_label ? `, ${at.stage_label}` : ""})`),
      ),
      h(
        "p",
        { class: "ls-sc-help", id: `${me}-help` },
        "Choose what you say or do. Keyboard: ",
        h("kbd", {}, "Tab"),
        " then ",
        h("kbd", {}, "Enter"),
        ", or press ",
        keys,
        ".",
      ),
      h(
        "ol",
        { class: "ls-sc-options", role: "list" },
        at.options.map((option, index) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "ls-sc-option",
                "data-option": option.id,
                "data-focus": `option:${option.id}`,
                "aria-keyshortcuts": index < 9 ? String(index + 1) : null,
                onclick: () => choose(option.id),
              },
              h("span", { class: "ls-sc-key", "aria-hidden": "true" }, index < 9 ? String(index + 1) : ""),
              h("span", { class: "ls-sc-option-text" }, option.text),
            ),
          ),
        ),
      ),
    );
  }

  function ending(mode, summary) {
    const headingId = `${me}-ending`;
    return h(
      "section",
      { class: "ls-sc-ending", tabindex: "-1", "data-focus": "ending", "aria-labelledby": headingId },
      h("h4", { class: "ls-sc-heading", id: headingId }, "The conversation has ended"),
      mode === "graded"
        ? h(
            "p",
            { class: "ls-sc-ending-text" },
            "Your responses are saved and marked after you submit. Until then you can go back a step or start again.",
          )
        : h("p", { class: "ls-sc-summary" }, summary || "Checking how you handled it…"),
    );
  }

  function review(chosen, feedback) {
    const entries = chosen.filter(({ step }) => feedback[step.id]);
    if (!entries.length) return null;
    const headingId = `${me}-review`;
    return h(
      "section",
      { class: "ls-sc-review", "aria-labelledby": headingId },
      h("h4", { class: "ls-sc-heading", id: headingId }, "How you handled it"),
      h(
        "ol",
        { class: "ls-sc-review-list", role: "list" },
        entries.map(({ step, option }) => {
          const fb = feedback[step.id];
          return h(
            "li",
            { class: `ls-sc-fb ${fb.best ? "ls-sc-fb-best" : "ls-sc-fb-weak"}`, "data-step": step.id },
            h(
              "p",
              { class: "ls-sc-fb-head" },
              h("span", { class: "ls-sc-mark", "aria-hidden": "true" }, fb.best ? "✓" : "✗"),
              h("span", { class: "ls-sc-verdict" }, fb.best ? "Strongest response" : "A stronger response was open"),
              ` at step ${fb.number}${step.stage_label ? ` (${step.stage_label})` : ""}: `,
              h("q", { class: "ls-sc-chosen" }, option.text),
            ),
            h("p", { class: "ls-sc-fb-message" }, fb.message),
            fb.misconception ? h("p", { class: "ls-sc-misconception" }, mistake(fb)) : null,
            fb.explain ? h("p", { class: "ls-sc-explain" }, h("strong", {}, "The procedure here: "), fb.explain) : null,
            fb.best
              ? null
              : h(
                  "div",
                  { class: "ls-sc-better" },
                  h("strong", {}, "A stronger response: "),
                  h("q", { class: "ls-sc-better-text" }, fb.better_text),
                  fb.better_message ? h("p", { class: "ls-sc-better-message" }, fb.better_message) : null,
                ),
          );
        }),
      ),
    );
  }

  function actions(chosen) {
    const shownStatus = statusLine(model, "ls-sc-status");
    if (confirming) {
      return h(
        "div",
        { class: "ls-sc-actions ls-sc-confirm", role: "group", "aria-label": "Start again?" },
        h("span", { class: "ls-sc-confirm-text" }, "Start the conversation again? Your responses will be cleared."),
        h(
          "button",
          { type: "button", class: "ls-sc-confirm-yes", "data-focus": "confirm-yes", onclick: restart },
          "Yes, start again",
        ),
        h(
          "button",
          {
            type: "button",
            class: "ls-sc-confirm-no",
            "data-focus": "confirm-no",
            onclick: () => {
              confirming = false;
              focusAfter = "restart";
              draw();
            },
          },
          "Cancel",
        ),
        shownStatus,
      );
    }
    return h(
      "div",
      { class: "ls-sc-actions" },
      h(
        "button",
        { type: "button", class: "ls-sc-back", "data-focus": "back", disabled: !chosen.length, onclick: back },
        "Go back one step",
      ),
      h(
        "button",
        {
          type: "button",
          class: "ls-sc-restart",
          "data-focus": "restart",
          disabled: !chosen.length,
          onclick: () => {
            confirming = true;
            focusAfter = "confirm-yes";
            draw();
          },
        },
        "Start again",
      ),
      shownStatus,
    );
  }

  function draw() {
    const mode = model.get("mode");
    const notice = model.get("notice");
    const customer = model.get("customer") || {};
    const feedback = model.get("feedback") || {};
    const { chosen, at } = walk();
    if (!chosen.length) confirming = false;
    holder.className = `ls-sc ls-sc-${mode}`;
    holder.dataset.exercise = model.get("exercise_id");
    holder.dataset.exerciseId = model.get("exercise_id");
    syncTranscript();
    // Keep keyboard focus across redraws: on the element asked for, else on the same control as before.
    const keep = focusAfter ?? focusedKey(holder);
    focusAfter = null;
    top.replaceChildren(
      modeHeader(model, "ls-sc-header", "ls-sc-badge", "ls-sc-title"),
      h("p", { class: "ls-sc-prompt" }, model.get("prompt")),
      notice ? h("div", { class: "ls-sc-notice", role: "alert" }, notice) : "",
      h(
        "p",
        { class: "ls-sc-customer-card" },
        h("span", { class: "ls-sc-customer-label" }, "Customer: "),
        h("strong", { class: "ls-sc-customer-name" }, customer.name || ""),
        customer.role ? h("span", { class: "ls-sc-customer-role" }, `, ${customer.role}`) : "",
      ),
    );
    bottom.replaceChildren(
      ...[
        at && !at.ending ? turn(at, chosen.length + 1) : null,
        at && at.ending ? ending(mode, model.get("summary")) : null,
        mode === "practice" ? review(chosen, feedback) : null,
        actions(chosen),
      ].filter(Boolean),
    );
    if (keep) {
      let target = byFocusKey(holder, keep);
      if (!target || target.disabled) target = holder.querySelector(".ls-sc-option, .ls-sc-ending");
      if (target) target.focus();
    }
  }

  const onContent = () => {
    transcript.replaceChildren(); // another scenario: no line of the old one stays
    draw();
  };
  const stopDrawing = onChanges(model, EXERCISE_TRAITS, draw);
  const stopRestarting = onChanges(model, ["steps", "start", "customer"], onContent);
  const stopReading = onChanges(model, ["summary"], summaryReader(model, announce));
  draw();
  return () => {
    stopDrawing();
    stopRestarting();
    stopReading();
  };
}

export default { render };
