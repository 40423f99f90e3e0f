// ScenarioPlayer front end: a branching complaint conversation, answered one response at a time.
//
// The kernel sends only what the learner has reached: `step` (the step the conversation is at,
// with its options' ids and texts in the learner's own order; never where they lead) and `lines`
// (the transcript up to it). Choosing a response sends the choice to the kernel, which walks the
// conversation on and sends the next step; nothing of a step not reached is ever on the page.
//
// The transcript (what the customer said, the learner's responses, the customer's replies in
// practice) is a list that grows as the learner answers. It is an aria-live region and is only
// ever appended to or cut back, never redrawn, so a screen reader reads just the new lines.
// Mouse: click a response. Keyboard: Tab to a response and press Enter or Space, or press its
// number (1-9) while focus is anywhere in the widget. Practice: "Go back one step" takes the last
// response back; "Start again" (confirmed in place) clears the conversation. Graded: every
// response is final, so neither is offered. After a choice, focus moves to the first response of
// the new step, or to the ending when the conversation is over.
//
// h(), keepKeysFromNotebook(), modeHeader() and the other shared helpers are in _common.js, appended to this file.

let uid = 0;

function render({ model, el }) {
  const me = `ls-sc-${++uid}`;
  let focusAfter = null; // data-focus key of the control to focus after the next draw ("next": the new step)
  let confirming = false; // true while "Start again" waits for its confirmation
  let waiting = null; // the id of the step a choice was sent from, until the kernel moves on
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

  const current = () => model.get("step") || { id: "", options: [], ending: false };
  const chosenCount = () => ((model.get("value") || {}).path || []).length;
  const graded = () => model.get("mode") === "graded";

  // -- what the learner does: each is sent to the kernel, which answers with the new step -------
  function choose(optionId) {
    const at = current();
    if (at.ending || waiting !== null || !at.options.some((o) => o.id === optionId)) return;
    waiting = at.id;
    focusAfter = "next";
    confirming = false;
    model.send({ type: "choose", step: at.id, option: optionId });
    draw(); // the responses are disabled until the kernel answers
  }

  function back() {
    if (graded() || !chosenCount()) return;
    focusAfter = chosenCount() > 1 ? "back" : "next";
    model.send({ type: "back" });
    announce(`Went back: your response at step ${chosenCount()} is taken back. Choose again.`);
  }

  function restart() {
    if (graded()) return;
    confirming = false;
    focusAfter = "next";
    model.send({ type: "restart" });
    announce("The conversation starts again.");
  }

  // The widget keeps its keys from the notebook (B would insert a cell, 1-9 change the cell
  // type); a number key picks that response, as numbered on the page.
  keepKeysFromNotebook(holder, (event) => {
    if (event.altKey || !/^[1-9]$/.test(event.key)) return;
    const at = current();
    if (at.ending || confirming) return;
    event.preventDefault();
    const option = at.options[Number(event.key) - 1];
    if (option) choose(option.id);
    else announce(`There ${at.options.length === 1 ? "is 1 response" : `are ${at.options.length} responses`} here.`);
  });

  // -- the transcript --------------------------------------------------------------------
  const KIND_CLASS = {
    customer: "ls-sc-customer",
    reply: "ls-sc-customer ls-sc-reply",
    narration: "ls-sc-narration",
    you: "ls-sc-you",
    end: "ls-sc-end",
  };

  function line(entry) {
    return h(
      "li",
      { class: `ls-sc-line ${KIND_CLASS[entry.kind] || "ls-sc-narration"}`, "data-key": entry.key },
      h(
        "div",
        { class: "ls-sc-meta" },
        h("span", { class: "ls-sc-who" }, entry.who),
        entry.stage_label ? h("span", { class: "ls-sc-sr-only" }, ", ") : null,
        entry.stage_label ? h("span", { class: "ls-sc-stage" }, entry.stage_label) : null,
        h("span", { class: "ls-sc-sr-only" }, ": "),
      ),
      h("p", { class: "ls-sc-text" }, entry.text),
    );
  }

  function syncTranscript() {
    // Keep the lines that are still right, cut the rest, append the new ones: only additions are read out.
    const wanted = model.get("lines") || [];
    const have = [...transcript.children];
    let same = 0;
    while (same < have.length && same < wanted.length && have[same].dataset.key === wanted[same].key) same++;
    for (const node of have.slice(same)) node.remove();
    transcript.append(...wanted.slice(same).map(line));
  }

  // -- drawing -----------------------------------------------------------------------------
  function turn(at) {
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
        h("span", { class: "ls-sc-count" }, `(step ${at.number}${at.stage_label ? `, ${at.stage_label}` : ""})`),
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
        graded() ? h("strong", { class: "ls-sc-final" }, " Each response is final.") : null,
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
                disabled: waiting !== null,
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

  function ending(summary) {
    const headingId = `${me}-ending`;
    return h(
      "section",
      { class: "ls-sc-ending", tabindex: "-1", "data-focus": "ending", "aria-labelledby": headingId },
      h("h4", { class: "ls-sc-heading", id: headingId }, "The conversation has ended"),
      graded()
        ? h(
            "p",
            { class: "ls-sc-ending-text" },
            "Your responses are saved. This first path through the conversation is the one marked after you submit.",
          )
        : h("p", { class: "ls-sc-summary" }, summary || "Checking how you handled it…"),
    );
  }

  function review(feedback) {
    const chosen = (model.get("lines") || []).filter((entry) => entry.kind === "you" && feedback[entry.step]);
    if (!chosen.length) return null;
    const headingId = `${me}-review`;
    return h(
      "section",
      { class: "ls-sc-review", "aria-labelledby": headingId },
      h("h4", { class: "ls-sc-heading", id: headingId }, "How you handled it"),
      h(
        "ol",
        { class: "ls-sc-review-list", role: "list" },
        chosen.map((entry) => {
          const fb = feedback[entry.step];
          const said = (model.get("lines") || []).find((l) => l.key === `say:${entry.step}`) || {};
          return h(
            "li",
            { class: `ls-sc-fb ${fb.best ? "ls-sc-fb-best" : "ls-sc-fb-weak"}`, "data-step": entry.step },
            h(
              "p",
              { class: "ls-sc-fb-head" },
              h("span", { class: "ls-sc-mark", "aria-hidden": "true" }, fb.best ? "✓" : "✗"),
              h("span", { class: "ls-sc-verdict" }, fb.best ? "Strongest response" : "A stronger response was open"),
              ` at step ${fb.number}${said.stage_label ? ` (${said.stage_label})` : ""}: `,
              h("q", { class: "ls-sc-chosen" }, entry.text),
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

  function actions() {
    const shownStatus = statusLine(model, "ls-sc-status");
    if (graded()) return h("div", { class: "ls-sc-actions" }, shownStatus); // every response is final
    const chosen = chosenCount();
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
        { type: "button", class: "ls-sc-back", "data-focus": "back", disabled: !chosen, onclick: back },
        "Go back one step",
      ),
      h(
        "button",
        {
          type: "button",
          class: "ls-sc-restart",
          "data-focus": "restart",
          disabled: !chosen,
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
    const at = current();
    if (!chosenCount()) confirming = false;
    holder.className = `ls-sc ls-sc-${mode}`;
    holder.dataset.exercise = model.get("exercise_id");
    holder.dataset.exerciseId = model.get("exercise_id");
    syncTranscript();
    // Keep keyboard focus across redraws: on the element asked for, else on the same control as before.
    let keep = focusAfter ?? focusedKey(holder);
    if (keep === "next" && waiting !== null) keep = null; // still waiting for the kernel's next step
    else focusAfter = null;
    if (keep === "next") keep = at.ending ? "ending" : at.options.length ? `option:${at.options[0].id}` : null;
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
        at.id && !at.ending ? turn(at) : null,
        at.id && at.ending ? ending(model.get("summary")) : null,
        mode === "practice" ? review(model.get("feedback") || {}) : null,
        actions(),
      ].filter(Boolean),
    );
    if (keep) {
      let target = byFocusKey(holder, keep);
      if (!target || target.disabled) target = holder.querySelector(".ls-sc-option:not([disabled]), .ls-sc-ending");
      if (target) target.focus();
    }
  }

  const onStep = () => {
    waiting = null; // the kernel has moved on: the responses shown are the ones open now
    draw();
  };
  const onDone = (message) => {
    // The kernel has handled the choice (moved on, or found it was for a step already left).
    if (message && message.type === "done" && waiting !== null) onStep();
  };
  model.on("msg:custom", onDone);
  const onContent = () => {
    transcript.replaceChildren(); // another scenario: no line of the old one stays
    draw();
  };
  const stopDrawing = onChanges(model, [...EXERCISE_TRAITS, "lines"], draw);
  const stopStepping = onChanges(model, ["step"], onStep);
  const stopRestarting = onChanges(model, ["customer"], onContent);
  const stopReading = onChanges(model, ["summary"], summaryReader(model, announce));
  draw();
  return () => {
    stopDrawing();
    stopStepping();
    stopRestarting();
    stopReading();
    model.off("msg:custom", onDone);
  };
}

export default { render };
