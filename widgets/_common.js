// What the exercise widgets' front ends share (sorter.js, sequencer.js, journey.js, scenario.js).
//
// There is no bundler: widgets/_frontend.py appends this file to each widget's own file when the
// widget class is defined, and the two make the widget's one ES module. So the functions below
// are in scope in every widget file; none is exported, and none runs until a widget renders.

// An element: h("button", { class: "x", onclick: fn, disabled: false }, "text", child, [more]).
// Attributes that are false, null or undefined are left out and true gives an empty one; "on..."
// attributes add event listeners. Children that are null, undefined or false are left out.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, val] of Object.entries(attrs)) {
    if (val === false || val === null || val === undefined) continue;
    if (name === "class") el.className = val;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), val);
    else el.setAttribute(name, val === true ? "" : String(val));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// Keys pressed inside the widget are the widget's: without this, JupyterLab's notebook shortcuts
// fire too (1-9 change the cell type, B inserts a cell, D D deletes one, 0 0 restarts the kernel,
// typing "a" in a note inserts a cell, arrows leave a <select>). Ctrl/Cmd shortcuts and
// Shift+Enter (run the cell) still reach the notebook. onKey, if given, then sees the key.
function keepKeysFromNotebook(node, onKey = null) {
  node.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || (event.shiftKey && event.key === "Enter")) return;
    event.stopPropagation();
    if (onKey) onKey(event);
  });
}

// A function that says a message in the live region `live`. A repeated message is changed
// slightly so that screen readers read it again.
function announcer(live) {
  return (text) => {
    live.textContent = live.textContent === text ? `${text}\u00a0` : text;
  };
}

// The data-focus key of the control that has keyboard focus, if it is inside `container`; else null.
function focusedKey(container) {
  const active = document.activeElement;
  return active && container.contains(active) ? active.dataset.focus : null;
}

// The control inside `container` whose data-focus key is `key`, or null.
function byFocusKey(container, key) {
  return key ? container.querySelector(`[data-focus="${CSS.escape(key)}"]`) : null;
}

// Put `root` in `container` in place of what was there, and keep keyboard focus across the
// redraw: on the control whose data-focus key is `wanted`, else on the same control as before.
function replaceKeepingFocus(container, root, wanted) {
  const keep = wanted ?? focusedKey(container);
  container.replaceChildren(root);
  const target = byFocusKey(container, keep);
  if (target && !target.disabled) target.focus();
}

// The exercise's header: the badge of its mode ("Practice" or "Graded") and its title.
function modeHeader(model, headerClass, badgeClass, titleClass) {
  const mode = model.get("mode");
  return h(
    "div",
    { class: headerClass },
    h("span", { class: `${badgeClass} ${badgeClass}-${mode}` }, mode === "graded" ? "Graded" : "Practice"),
    h("h3", { class: titleClass }, model.get("title")),
  );
}

// The practice mode's "Check my answers" button: it asks the kernel to check the answer, and
// `say` tells the learner it is checking.
function checkButton(model, className, disabled, say) {
  return h(
    "button",
    {
      type: "button",
      class: className,
      "data-focus": "check",
      disabled,
      onclick: () => {
        say("Checking…");
        model.send({ type: "check" });
      },
    },
    "Check my answers",
  );
}

// The status line ("Saved: 3 of 5 placed.", say); an error is read out at once.
function statusLine(model, className) {
  const kind = model.get("status_kind");
  return h(
    "span",
    { class: `${className} ${className}-${kind}`, role: kind === "error" ? "alert" : null },
    model.get("status"),
  );
}

// A change:summary handler that reads the result of a practice check out.
function summaryReader(model, announce) {
  return () => {
    const summary = model.get("summary");
    if (summary) announce(summary);
  };
}

// What practice feedback says of a misconception the answer shows (its syllabus id and title).
const mistake = (fb) => `Common mistake ${fb.misconception}: ${fb.misconception_title}.`;

// Practice feedback on one answer whose checks give verdicts ("✓ In order", ...): the verdicts,
// the message and the misconception, in elements named with the widget's class prefix.
function verdictFeedback(prefix, id, right, verdicts, fb) {
  return h(
    "div",
    { class: `${prefix}feedback ${prefix}feedback-${right ? "right" : "wrong"}`, id },
    h("span", { class: `${prefix}verdicts` }, `${verdicts.join(", ")}.`),
    " ",
    fb.message,
    fb.misconception ? h("span", { class: `${prefix}misconception` }, ` ${mistake(fb)}`) : null,
  );
}

// The traits every exercise widget draws from; each widget adds its content's own.
const EXERCISE_TRAITS = ["value", "feedback", "summary", "status", "status_kind", "notice", "mode", "title", "prompt"];

// Call `handler` whenever one of the traits `names` changes; the function returned stops it.
function onChanges(model, names, handler) {
  for (const name of names) model.on(`change:${name}`, handler);
  return () => {
    for (const name of names) model.off(`change:${name}`, handler);
  };
}

// The top of an exercise: its mode badge and title, its prompt, and the notice if there is one.
// Class names are the widget's prefix plus header, title, prompt and notice.
function exerciseHead(model, prefix, badgeClass) {
  const notice = model.get("notice");
  return [
    modeHeader(model, `${prefix}header`, badgeClass, `${prefix}title`),
    h("p", { class: `${prefix}prompt` }, model.get("prompt")),
    notice ? h("div", { class: `${prefix}notice`, role: "alert" }, notice) : null,
  ];
}

// The "Start again" button; `onclick` asks the learner first and clears the answer.
function resetButton(className, disabled, onclick) {
  return h("button", { type: "button", class: className, "data-focus": "reset", disabled, onclick }, "Start again");
}
