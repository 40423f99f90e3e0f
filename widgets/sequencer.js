// StepSequencer front end: drag and drop, buttons, and a keyboard-only path.
//
// Mouse: drag a step from "Steps to place" into "Your sequence" (drop it on a placed step
// to put it before that step, on the end zone to add it last), drag placed steps to reorder
// them, and drag one back to the pool to take it out. Or use the buttons: Add, Move up,
// Move down, Remove.
// Keyboard: Tab reaches every step. On a step in the pool, Enter or Space adds it to the end
// of the sequence (focus follows it). On a placed step, Alt+ArrowUp / Alt+ArrowDown move it,
// Delete or Backspace takes it back to the pool. ArrowUp / ArrowDown move focus between
// steps. When the exercise has stages, each placed step has a native <select> for its stage.
//
// h(), keepKeysFromNotebook(), modeHeader() and the other shared helpers are in _common.js, appended to this file.

let uid = 0;

function render({ model, el }) {
  const me = `ls-seq-${++uid}`;
  let dragging = null; // id of the step being dragged in this widget, or null
  let focusAfter = null; // data-focus key of the control to focus after the next draw
  const holder = h("div");
  const live = h("div", { class: "ls-seq-sr-only", role: "status", "aria-live": "polite" });
  const announce = announcer(live);
  el.replaceChildren(holder, live);
  keepKeysFromNotebook(holder); // B would insert a cell, D D delete one, arrows leave a <select>

  const steps = () => model.get("steps") || [];
  const stages = () => model.get("stages") || [];
  const hasStages = () => stages().length > 0;
  const value = () => {
    const v = model.get("value") || {};
    return { order: [...(v.order || [])], stages: { ...(v.stages || {}) } };
  };
  const labelOf = (stepId) => (steps().find((s) => s.id === stepId) || { label: stepId }).label;
  const stageLabelOf = (stageId) => (stages().find((s) => s.id === stageId) || { label: stageId }).label;

  function commit(next, message, focusKey) {
    const kept = {};
    for (const id of next.order) if (next.stages[id]) kept[id] = next.stages[id];
    focusAfter = focusKey;
    model.set("value", { order: next.order, stages: kept });
    model.save_changes();
    draw();
    announce(message);
  }

  // -- changes to the sequence -------------------------------------------------------
  function insertAt(stepId, index, focusKey = `step:${stepId}`) {
    const v = value();
    const wasPlaced = v.order.includes(stepId);
    const order = v.order.filter((id) => id !== stepId);
    const at = Math.max(0, Math.min(index, order.length));
    order.splice(at, 0, stepId);
    const where = `step ${at + 1} of ${order.length}`;
    commit({ order, stages: v.stages }, `${labelOf(stepId)} ${wasPlaced ? "moved to" : "placed at"} ${where}.`, focusKey);
  }

  function append(stepId, focusKey) {
    insertAt(stepId, Infinity, focusKey);
  }

  function insertBefore(stepId, beforeId) {
    if (stepId === beforeId) return;
    insertAt(
      stepId,
      value()
        .order.filter((id) => id !== stepId)
        .indexOf(beforeId),
    );
  }

  function move(stepId, delta, focusKey) {
    const order = value().order;
    const here = order.indexOf(stepId);
    if (here < 0) return;
    const there = here + delta;
    if (there < 0 || there >= order.length) {
      announce(`${labelOf(stepId)} is already ${delta < 0 ? "first" : "last"}.`);
      return;
    }
    insertAt(stepId, there, focusKey);
  }

  function takeBack(stepId) {
    const v = value();
    if (!v.order.includes(stepId)) return;
    delete v.stages[stepId];
    commit(
      { order: v.order.filter((id) => id !== stepId), stages: v.stages },
      `${labelOf(stepId)} taken back to Steps to place.`,
      `step:${stepId}`,
    );
  }

  function setStage(stepId, stageId) {
    const v = value();
    if (stageId) v.stages[stepId] = stageId;
    else delete v.stages[stepId];
    const said = stageId ? stageLabelOf(stageId) : "none chosen";
    commit(v, `Stage of ${labelOf(stepId)}: ${said}.`, `stage:${stepId}`);
  }

  // -- keyboard and drag and drop ----------------------------------------------------
  function onStepKey(event, stepId, placed) {
    const key = event.key;
    const arrow = key === "ArrowUp" || key === "ArrowDown";
    let handled = true;
    if (placed && event.altKey && arrow) move(stepId, key === "ArrowUp" ? -1 : 1, `step:${stepId}`);
    else if (placed && (key === "Delete" || key === "Backspace")) takeBack(stepId);
    else if (arrow && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      const buttons = [...holder.querySelectorAll(".ls-seq-step")];
      const next = buttons[buttons.indexOf(event.currentTarget) + (key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation(); // keep the notebook's own shortcuts out of it
    }
  }

  function clearDropMarks() {
    for (const node of holder.querySelectorAll(".ls-seq-over")) node.classList.remove("ls-seq-over");
  }

  function dropTarget(node, onDrop) {
    node.addEventListener("dragover", (event) => {
      if (dragging === null) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = "move";
      if (!node.classList.contains("ls-seq-over")) {
        clearDropMarks();
        node.classList.add("ls-seq-over");
      }
    });
    node.addEventListener("dragleave", (event) => {
      if (!node.contains(event.relatedTarget)) node.classList.remove("ls-seq-over");
    });
    node.addEventListener("drop", (event) => {
      if (dragging === null) return;
      event.preventDefault();
      event.stopPropagation();
      const stepId = dragging;
      dragging = null;
      clearDropMarks();
      onDrop(stepId);
    });
    return node;
  }

  function dragAttrs(stepId) {
    return {
      draggable: "true",
      ondragstart: (event) => {
        dragging = stepId;
        event.dataTransfer.setData("text/plain", labelOf(stepId));
        event.dataTransfer.effectAllowed = "move";
      },
      ondragend: () => {
        dragging = null;
        clearDropMarks();
      },
    };
  }

  // -- drawing -------------------------------------------------------------------------
  function feedbackBlock(stepId, fb) {
    const chosen = value().stages[stepId];
    const right = fb.in_order && fb.stage_correct !== false;
    const verdicts = [fb.in_order ? "✓ In order" : "✗ Out of order"];
    if (fb.stage_correct !== null && fb.stage_correct !== undefined) {
      verdicts.push(fb.stage_correct ? "✓ Stage right" : chosen ? "✗ Stage not right" : "✗ No stage chosen");
    }
    return verdictFeedback("ls-seq-", `${me}-${stepId}-fb`, right, verdicts, fb);
  }

  function poolCard(step) {
    return h(
      "li",
      { class: "ls-seq-card ls-seq-waiting" },
      h(
        "div",
        { class: "ls-seq-row" },
        h(
          "button",
          {
            type: "button",
            class: "ls-seq-step",
            "data-step": step.id,
            "data-focus": `step:${step.id}`,
            "aria-label": `${step.label}. Not placed yet: press Enter to add it to the end of your sequence.`,
            "aria-describedby": `${me}-${step.id}-detail`,
            ...dragAttrs(step.id),
            onclick: () => append(step.id),
            onkeydown: (event) => onStepKey(event, step.id, false),
          },
          h("span", { class: "ls-seq-step-label" }, step.label),
        ),
        h(
          "button",
          {
            type: "button",
            class: "ls-seq-add",
            "data-focus": `add:${step.id}`,
            "aria-label": `Add ${step.label} to the end of your sequence`,
            onclick: () => append(step.id),
          },
          "Add",
        ),
      ),
      h("div", { class: "ls-seq-detail", id: `${me}-${step.id}-detail` }, step.detail || ""),
    );
  }

  function iconButton(kind, stepId, text, label, disabled, onclick) {
    return h(
      "button",
      {
        type: "button",
        class: `ls-seq-icon ls-seq-${kind}`,
        "data-focus": `${kind}:${stepId}`,
        "aria-label": label,
        title: label,
        "aria-disabled": disabled ? "true" : null,
        onclick,
      },
      h("span", { "aria-hidden": "true" }, text),
    );
  }

  function placedCard(stepId, index, total) {
    const label = labelOf(stepId);
    const step = steps().find((s) => s.id === stepId) || { id: stepId, label, detail: "" };
    const chosen = value().stages[stepId];
    const fb = (model.get("feedback") || {})[stepId];
    const right = fb ? fb.in_order && fb.stage_correct !== false : null;
    let spoken = `${label}. Step ${index + 1} of ${total} in your sequence.`;
    if (hasStages()) spoken += chosen ? ` Stage: ${stageLabelOf(chosen)}.` : " No stage chosen.";
    if (fb) spoken += right ? " Checked: right." : " Checked: not right.";
    const describedBy = [`${me}-${stepId}-detail`, fb ? `${me}-${stepId}-fb` : null].filter(Boolean).join(" ");
    const card = h(
      "li",
      { class: "ls-seq-card ls-seq-placed", "data-step": stepId },
      h(
        "div",
        { class: "ls-seq-row" },
        h("span", { class: "ls-seq-num", "aria-hidden": "true" }, String(index + 1)),
        h(
          "button",
          {
            type: "button",
            class: `ls-seq-step${fb ? (right ? " ls-seq-right" : " ls-seq-wrong") : ""}`,
            "data-step": stepId,
            "data-focus": `step:${stepId}`,
            "aria-label": spoken,
            "aria-describedby": describedBy,
            "aria-keyshortcuts": "Alt+ArrowUp Alt+ArrowDown Delete",
            ...dragAttrs(stepId),
            onclick: () =>
              announce(`${label}: step ${index + 1} of ${total}. Alt+Arrow keys move it; Delete takes it back.`),
            onkeydown: (event) => onStepKey(event, stepId, true),
          },
          fb ? h("span", { class: "ls-seq-mark", "aria-hidden": "true" }, right ? "✓" : "✗") : null,
          h("span", { class: "ls-seq-step-label" }, step.label),
        ),
        h(
          "div",
          { class: "ls-seq-tools" },
          hasStages()
            ? h(
                "select",
                {
                  class: `ls-seq-select${chosen ? "" : " ls-seq-unset"}`,
                  "data-focus": `stage:${stepId}`,
                  "aria-label": `Stage of ${label}`,
                  onchange: (event) => setStage(stepId, event.target.value || null),
                },
                h("option", { value: "", selected: !chosen }, "Stage…"),
                stages().map((s) => h("option", { value: s.id, selected: chosen === s.id }, s.label)),
              )
            : null,
          iconButton("up", stepId, "↑", `Move ${label} up`, index === 0, () => move(stepId, -1, `up:${stepId}`)),
          iconButton("down", stepId, "↓", `Move ${label} down`, index === total - 1, () =>
            move(stepId, 1, `down:${stepId}`),
          ),
          iconButton("remove", stepId, "✕", `Remove ${label}`, false, () => takeBack(stepId)),
        ),
      ),
      h("div", { class: "ls-seq-detail", id: `${me}-${stepId}-detail` }, step.detail || ""),
      fb ? feedbackBlock(stepId, fb) : null,
    );
    return dropTarget(card, (dragged) => insertBefore(dragged, stepId));
  }

  function helpText() {
    return h(
      "p",
      { class: "ls-seq-help", id: `${me}-help` },
      "Drag steps into “Your sequence” and drag to reorder, or use Add, ↑, ↓ and ✕. Keyboard: ",
      h("kbd", {}, "Enter"),
      " adds a step, ",
      h("kbd", {}, "Alt+↑"),
      " ",
      h("kbd", {}, "Alt+↓"),
      " move it, ",
      h("kbd", {}, "Delete"),
      " takes it back, ",
      h("kbd", {}, "↑"),
      " ",
      h("kbd", {}, "↓"),
      " go between steps.",
      hasStages() ? " Choose each placed step’s stage in its menu." : null,
    );
  }

  function draw() {
    const mode = model.get("mode");
    const summary = model.get("summary");
    const v = value();
    const total = steps().length;
    const waiting = steps().filter((s) => !v.order.includes(s.id));
    const placed = v.order.filter((id) => steps().some((s) => s.id === id));
    const poolHeading = `${me}-pool`;
    const seqHeading = `${me}-sequence`;
    const pool = dropTarget(
      h(
        "section",
        { class: "ls-seq-area ls-seq-pool", role: "group", "aria-labelledby": poolHeading },
        h(
          "h4",
          { class: "ls-seq-heading", id: poolHeading },
          "Steps to place ",
          h("span", { class: "ls-seq-count" }, `(${waiting.length})`),
        ),
        waiting.length
          ? h("ul", { class: "ls-seq-list", role: "list", "aria-label": "Steps to place" }, waiting.map(poolCard))
          : h("p", { class: "ls-seq-empty" }, "Every step is placed."),
      ),
      (stepId) => takeBack(stepId),
    );
    const sequence = dropTarget(
      h(
        "section",
        { class: "ls-seq-area ls-seq-sequence", role: "group", "aria-labelledby": seqHeading },
        h(
          "h4",
          { class: "ls-seq-heading", id: seqHeading },
          "Your sequence ",
          h("span", { class: "ls-seq-count" }, `(${placed.length} of ${total} placed)`),
        ),
        placed.length
          ? h(
              "ol",
              { class: "ls-seq-list", role: "list", "aria-label": "Your sequence" },
              placed.map((id, index) => placedCard(id, index, placed.length)),
            )
          : h("p", { class: "ls-seq-empty" }, "Nothing placed yet. The first step you add goes here."),
        dropTarget(
          h("div", { class: "ls-seq-end", "aria-hidden": "true" }, "Drop here to add at the end"),
          (stepId) => append(stepId),
        ),
      ),
      (stepId) => append(stepId),
    );
    const root = h(
      "div",
      { class: `ls-seq ls-seq-${mode}`, "data-exercise": model.get("exercise_id") },
      exerciseHead(model, "ls-seq-", "ls-seq-badge"),
      helpText(),
      hasStages()
        ? h(
            "ul",
            { class: "ls-seq-stages", "aria-label": "Stages" },
            stages().map((s) => h("li", {}, h("strong", {}, s.label), s.hint ? `: ${s.hint}` : "")),
          )
        : null,
      h("div", { class: "ls-seq-board" }, pool, sequence),
      h(
        "div",
        { class: "ls-seq-actions" },
        mode === "practice" ? checkButton(model, "ls-seq-check", placed.length === 0, announce) : null,
        resetButton("ls-seq-reset", placed.length === 0, () => {
          if (!window.confirm("Take every step back out of your sequence?")) return;
          commit(
            { order: [], stages: {} },
            "All steps taken back to Steps to place.",
            total ? `step:${steps()[0].id}` : null,
          );
        }),
        statusLine(model, "ls-seq-status"),
      ),
      summary ? h("p", { class: "ls-seq-summary" }, summary) : null,
    );
    const wanted = focusAfter;
    focusAfter = null;
    replaceKeepingFocus(holder, root, wanted);
  }

  const stopDrawing = onChanges(model, [...EXERCISE_TRAITS, "steps", "stages"], draw);
  const stopReading = onChanges(model, ["summary"], summaryReader(model, announce));
  draw();
  return () => {
    stopDrawing();
    stopReading();
  };
}

export default { render };
