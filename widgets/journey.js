// JourneyMap front end: a row of touchpoint cards in journey order, built from native controls.
//
// Each card has a radio group (Positive / Neutral / Negative), a "Critical moment"
// checkbox and an improvement-note <textarea>. Mouse: click a rating, tick the box, type a note.
// Keyboard: Tab reaches every control; in a rating group the arrow keys choose the rating (the
// browser's own radio behaviour); Space ticks the box. A note is saved when it changes and the
// learner leaves it (change / blur), not on every key, so typing never floods the kernel.
//
// h(), keepKeysFromNotebook(), modeHeader() and the other shared helpers are in _common.js, appended to this file.

const RATINGS = [
  { id: "positive", label: "Positive", icon: "▲" },
  { id: "neutral", label: "Neutral", icon: "●" },
  { id: "negative", label: "Negative", icon: "▼" },
];
const MAX_NOTE = 280;

// Characters as Python counts them (code points), so the front end and the kernel agree on 280.
const chars = (text) => Array.from(text).length;
const clip = (text) => Array.from(text.trim()).slice(0, MAX_NOTE).join("");

let uid = 0;

function render({ model, el }) {
  const me = `ls-jm-${++uid}`;
  let focusAfter = null; // data-focus key of the control to focus after the next draw
  let focusFrom = null; // the element that had focus when focusAfter was asked for
  let redrawing = false; // true while the cards are being replaced (a removed note's blur is not the learner's)
  const drafts = new Map(); // touchpoint id -> note text typed but not saved yet
  const atLimit = new Set(); // touchpoints whose note reached the limit (announced once)
  const holder = h("div");
  const live = h("div", { class: "ls-jm-sr-only", role: "status", "aria-live": "polite" });
  const announce = announcer(live);
  el.replaceChildren(holder, live);
  keepKeysFromNotebook(holder); // typing "a" or "b" in a note would insert cells, "d d" delete one

  const touchpoints = () => model.get("touchpoints") || [];
  const value = () => {
    const v = model.get("value") || {};
    return { ratings: { ...(v.ratings || {}) }, critical: [...(v.critical || [])], notes: { ...(v.notes || {}) } };
  };
  const labelOf = (id) => (touchpoints().find((t) => t.id === id) || { label: id }).label;
  const ratingOf = (id) => RATINGS.find((r) => r.id === id);

  // -- drawing is deferred ---------------------------------------------------------------
  // Redraws wait for the current event to finish (so Tab out of a note moves focus before the
  // cards are rebuilt) and for a pressed mouse button to be released (so a click on "Check my
  // answers" that saves a note first still lands on the button).
  let drawTimer = null;
  let pointerHeld = false;
  let drawAfterPointer = false;
  function scheduleDraw() {
    if (drawTimer !== null) return;
    drawTimer = setTimeout(() => {
      drawTimer = null;
      if (pointerHeld) drawAfterPointer = true;
      else draw();
    }, 0);
  }
  const onPointerDown = () => {
    pointerHeld = true;
    setTimeout(onPointerUp, 1500); // never wait for a release that was lost
  };
  const onPointerUp = () => {
    if (!pointerHeld) return;
    pointerHeld = false;
    if (drawAfterPointer) {
      drawAfterPointer = false;
      scheduleDraw(); // after the click that follows this release
    }
  };
  holder.addEventListener("pointerdown", onPointerDown);
  window.addEventListener("pointerup", onPointerUp, true);
  window.addEventListener("pointercancel", onPointerUp, true);

  function commit(next, message, focusKey) {
    if (focusKey !== undefined) {
      focusAfter = focusKey;
      focusFrom = document.activeElement; // if focus moves on before the redraw, the learner's move wins
    }
    model.set("value", next);
    model.save_changes();
    scheduleDraw();
    announce(message);
  }

  // -- changes to the answer -------------------------------------------------------------
  function rate(tp, rating) {
    const v = value();
    v.ratings[tp] = rating;
    commit(v, `${labelOf(tp)}: rated ${ratingOf(rating).label}.`, `rating:${tp}:${rating}`);
  }

  function markCritical(tp, critical) {
    const v = value();
    const marked = new Set(v.critical.filter((id) => id !== tp));
    if (critical) marked.add(tp);
    v.critical = touchpoints()
      .map((t) => t.id)
      .filter((id) => marked.has(id));
    const said = critical ? "marked as a critical moment" : "no longer marked as a critical moment";
    commit(v, `${labelOf(tp)} ${said}.`, `critical:${tp}`);
  }

  function saveNote(tp, raw) {
    const text = clip(raw);
    const v = value();
    drafts.delete(tp);
    if (text === (v.notes[tp] || "")) return;
    if (text) v.notes[tp] = text;
    else delete v.notes[tp];
    commit(v, text ? `Note for ${labelOf(tp)} saved.` : `Note for ${labelOf(tp)} removed.`);
  }

  // -- drawing -------------------------------------------------------------------------
  function feedbackBlock(tp, fb, marked) {
    const right = fb.rating_correct === true && fb.critical_correct;
    const verdicts = [
      fb.rating_correct === true
        ? "✓ Rating right"
        : fb.rating_correct === false
          ? "✗ Rating not right"
          : "✗ Not rated",
      fb.critical_correct
        ? marked
          ? "✓ Critical moment"
          : "✓ Not a critical moment"
        : marked
          ? "✗ Not a critical moment"
          : "✗ Critical moment missed",
    ];
    return verdictFeedback("ls-jm-", `${me}-${tp}-fb`, right, verdicts, fb);
  }

  function card(tp, index, v, feedback) {
    const rating = v.ratings[tp.id];
    const marked = v.critical.includes(tp.id);
    const fb = feedback[tp.id];
    const note = drafts.has(tp.id) ? drafts.get(tp.id) : v.notes[tp.id] || "";
    const ids = {
      title: `${me}-${tp.id}-title`,
      evidence: `${me}-${tp.id}-evidence`,
      note: `${me}-${tp.id}-note`,
      counter: `${me}-${tp.id}-counter`,
    };
    const counter = h("span", { class: "ls-jm-counter", id: ids.counter }, `${chars(note)} / ${MAX_NOTE}`);
    const textarea = h("textarea", {
      class: "ls-jm-note",
      id: ids.note,
      rows: 3,
      maxlength: MAX_NOTE,
      "data-focus": `note:${tp.id}`,
      "aria-describedby": ids.counter,
      placeholder: "What would you change, and which evidence shows it is needed?",
      oninput: (event) => {
        const text = event.target.value;
        drafts.set(tp.id, text);
        counter.textContent = `${chars(text)} / ${MAX_NOTE}`;
        counter.classList.toggle("ls-jm-counter-full", chars(text) >= MAX_NOTE);
        if (chars(text) >= MAX_NOTE && !atLimit.has(tp.id)) {
          atLimit.add(tp.id);
          announce(`The note for ${tp.label} is at the ${MAX_NOTE}-character limit.`);
        } else if (chars(text) < MAX_NOTE) atLimit.delete(tp.id);
      },
      // A note replaced by a redraw loses focus too (the browser fires change and blur as it goes):
      // that is not the learner leaving it, and its draft lives on in the new textarea.
      onchange: (event) => {
        if (!redrawing && event.target.isConnected) saveNote(tp.id, event.target.value);
      },
      onblur: (event) => {
        if (!redrawing && event.target.isConnected) saveNote(tp.id, event.target.value);
      },
    });
    textarea.value = note;
    if (chars(note) >= MAX_NOTE) counter.classList.add("ls-jm-counter-full");
    const chosen = ratingOf(rating);
    const right = fb ? fb.rating_correct === true && fb.critical_correct : null;
    return h(
      "li",
      {
        class: [
          "ls-jm-card",
          rating ? `ls-jm-rated-${rating}` : "ls-jm-unrated",
          marked ? "ls-jm-critical" : "",
          fb ? (right ? "ls-jm-right" : "ls-jm-wrong") : "",
        ]
          .filter(Boolean)
          .join(" "),
        "data-touchpoint": tp.id,
        "aria-labelledby": ids.title,
      },
      h(
        "div",
        { class: "ls-jm-card-head" },
        h("span", { class: "ls-jm-num", "aria-hidden": "true" }, String(index + 1)),
        h("h4", { class: "ls-jm-label", id: ids.title }, tp.label),
        fb ? h("span", { class: "ls-jm-mark", "aria-hidden": "true" }, right ? "✓" : "✗") : null,
      ),
      h(
        "div",
        { class: "ls-jm-badges", "aria-hidden": "true" },
        h(
          "span",
          { class: `ls-jm-badge ls-jm-badge-${rating || "none"}` },
          chosen ? `${chosen.icon} ${chosen.label}` : "Not rated",
        ),
        marked ? h("span", { class: "ls-jm-badge ls-jm-badge-critical" }, "★ Critical moment") : null,
      ),
      h(
        "p",
        { class: "ls-jm-evidence", id: ids.evidence },
        h("span", { class: "ls-jm-evidence-label" }, "Evidence: "),
        tp.evidence,
      ),
      h(
        "fieldset",
        { class: "ls-jm-rating", "aria-describedby": ids.evidence },
        h("legend", {}, `Rating for ${tp.label}`),
        RATINGS.map((r) =>
          h(
            "label",
            { class: `ls-jm-option ls-jm-option-${r.id}` },
            h("input", {
              type: "radio",
              name: `${me}-${tp.id}-rating`,
              value: r.id,
              checked: rating === r.id,
              "data-rating": r.id,
              "data-focus": `rating:${tp.id}:${r.id}`,
              onchange: (event) => {
                if (event.target.checked) rate(tp.id, r.id);
              },
            }),
            h("span", { class: "ls-jm-icon", "aria-hidden": "true" }, r.icon),
            h("span", { class: "ls-jm-option-label" }, r.label),
          ),
        ),
      ),
      h(
        "label",
        { class: "ls-jm-critical-choice" },
        h("input", {
          type: "checkbox",
          class: "ls-jm-critical-box",
          checked: marked,
          "data-focus": `critical:${tp.id}`,
          "aria-label": `Critical moment: ${tp.label}`,
          onchange: (event) => markCritical(tp.id, event.target.checked),
        }),
        h("span", { class: "ls-jm-star", "aria-hidden": "true" }, "★"),
        " Critical moment",
      ),
      h("label", { class: "ls-jm-note-label", for: ids.note }, `Improvement note for ${tp.label}`),
      textarea,
      counter,
      fb ? feedbackBlock(tp.id, fb, marked) : null,
    );
  }

  function helpText() {
    return h(
      "p",
      { class: "ls-jm-help" },
      "For each touchpoint, read the evidence and choose a rating; tick “Critical moment” where a failure would do " +
        "the most damage or the customer decides whether to stay; write an improvement note the evidence supports. " +
        "Keyboard: ",
      h("kbd", {}, "Tab"),
      " moves between controls, ",
      h("kbd", {}, "←"),
      " ",
      h("kbd", {}, "→"),
      " choose a rating, ",
      h("kbd", {}, "Space"),
      " ticks a box. A note is saved when you leave it.",
    );
  }

  function counts(v) {
    const total = touchpoints().length;
    const rated = Object.keys(v.ratings).length;
    const notes = Object.keys(v.notes).length;
    const minNotes = model.get("min_notes") || 0;
    return (
      `${rated} of ${total} rated · ${v.critical.length} marked as ` +
      `${v.critical.length === 1 ? "a critical moment" : "critical moments"} · ` +
      `notes on ${notes}${minNotes ? ` (${minNotes} asked for)` : ""}`
    );
  }

  function draw() {
    if (drawTimer !== null) {
      clearTimeout(drawTimer);
      drawTimer = null;
    }
    const mode = model.get("mode");
    const summary = model.get("summary");
    const feedback = model.get("feedback") || {};
    const v = value();
    const empty = !Object.keys(v.ratings).length && !v.critical.length && !Object.keys(v.notes).length;
    const root = h(
      "div",
      { class: `ls-jm ls-jm-${mode}`, "data-exercise": model.get("exercise_id") },
      exerciseHead(model, "ls-jm-", "ls-jm-badge-mode"),
      helpText(),
      h("p", { class: "ls-jm-counts" }, counts(v)),
      h(
        "ol",
        { class: "ls-jm-journey", "aria-label": `Customer journey, ${touchpoints().length} touchpoints in order` },
        touchpoints().map((tp, index) => card(tp, index, v, feedback)),
      ),
      h(
        "div",
        { class: "ls-jm-actions" },
        mode === "practice"
          ? checkButton(model, "ls-jm-check", !Object.keys(v.ratings).length && !v.critical.length, announce)
          : null,
        resetButton("ls-jm-reset", empty, () => {
          if (!window.confirm("Clear every rating, critical moment and note?")) return;
          drafts.clear();
          const first = touchpoints()[0];
          commit(
            { ratings: {}, critical: [], notes: {} },
            "Every rating, critical moment and note cleared.",
            first ? `rating:${first.id}:${RATINGS[0].id}` : null,
          );
        }),
        statusLine(model, "ls-jm-status"),
      ),
      summary ? h("p", { class: "ls-jm-summary" }, summary) : null,
    );
    // Keep keyboard focus across redraws: on the element asked for, else on the same control as
    // before (a note being typed keeps its caret).
    const active = document.activeElement;
    const inside = active && holder.contains(active);
    const moved = focusAfter !== null && inside && active !== focusFrom;
    const keep = (moved ? null : focusAfter) ?? (inside ? active.dataset.focus : null);
    const caret =
      inside && active.tagName === "TEXTAREA"
        ? [active.selectionStart, active.selectionEnd, active.selectionDirection, active.scrollTop]
        : null;
    focusAfter = null;
    focusFrom = null;
    redrawing = true;
    try {
      holder.replaceChildren(root);
    } finally {
      redrawing = false;
    }
    if (keep) {
      const target = byFocusKey(holder, keep);
      if (target && !target.disabled) {
        target.focus();
        if (caret && target.tagName === "TEXTAREA") {
          target.setSelectionRange(caret[0], caret[1], caret[2]);
          target.scrollTop = caret[3];
        }
      }
    }
  }

  const stopDrawing = onChanges(model, [...EXERCISE_TRAITS, "touchpoints", "min_notes"], scheduleDraw);
  const stopReading = onChanges(model, ["summary"], summaryReader(model, announce));
  draw();
  return () => {
    // A note typed but not yet saved (the view is going away with focus still in it) is saved now.
    for (const [tp, text] of [...drafts]) saveNote(tp, text);
    if (drawTimer !== null) clearTimeout(drawTimer);
    stopDrawing();
    stopReading();
    window.removeEventListener("pointerup", onPointerUp, true);
    window.removeEventListener("pointercancel", onPointerUp, true);
  };
}

export default { render };
