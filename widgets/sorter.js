// CategorySorter front end: drag and drop, click-to-place, and a keyboard-only path.
//
// Keyboard: Tab reaches every item. On an item, press 1-9 to place it in that
// category, 0 (or Delete/Backspace) to take it back, Left/Right to move it to the
// previous/next column. Enter or Space picks an item up; Tab to a "Place here"
// button and press Enter to put it down. Escape puts it back down where it was.
//
// h(), keepKeysFromNotebook(), modeHeader() and the other shared helpers are in _common.js, appended to this file.

let uid = 0;

function render({ model, el }) {
  const me = `ls-sorter-${++uid}`;
  let selected = null; // item id picked up (click / Enter), or null
  let focusAfter = null; // data-focus key of the control to focus after the next draw
  let announcement = "";

  const categories = () => model.get("categories");
  const items = () => model.get("items");
  const value = () => model.get("value") || {};
  const columns = () => [null, ...categories().map((c) => c.id)]; // null = not placed

  function labelOf(categoryId) {
    if (categoryId === null) return "Not placed yet";
    const c = categories().find((x) => x.id === categoryId);
    return c ? c.label : categoryId;
  }

  function place(itemId, categoryId) {
    const next = { ...value() };
    if (categoryId === null) delete next[itemId];
    else next[itemId] = categoryId;
    const item = items().find((i) => i.id === itemId);
    announcement = `${item ? item.label : itemId} placed in ${labelOf(categoryId)}.`;
    selected = null;
    focusAfter = `item:${itemId}`;
    model.set("value", next);
    model.save_changes();
    draw();
  }

  function onItemKey(event, itemId) {
    const key = event.key;
    const current = value()[itemId] ?? null;
    const cols = columns();
    if (/^[1-9]$/.test(key) && Number(key) <= categories().length) {
      event.preventDefault();
      place(itemId, categories()[Number(key) - 1].id);
    } else if (key === "0" || key === "Delete" || key === "Backspace") {
      event.preventDefault();
      place(itemId, null);
    } else if (key === "ArrowRight" || key === "ArrowLeft") {
      event.preventDefault();
      const step = key === "ArrowRight" ? 1 : -1;
      const target = cols[(cols.indexOf(current) + step + cols.length) % cols.length];
      place(itemId, target);
    } else if (key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      const buttons = [...el.querySelectorAll(".ls-item")];
      const here = buttons.indexOf(event.currentTarget);
      const next = buttons[here + (key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else if (key === "Escape" && selected) {
      event.preventDefault();
      selected = null;
      announcement = "Put down.";
      focusAfter = `item:${itemId}`;
      draw();
    }
  }

  function itemCard(item) {
    const fb = (model.get("feedback") || {})[item.id];
    const where = labelOf(value()[item.id] ?? null);
    const describedBy = [`${me}-${item.id}-detail`, fb ? `${me}-${item.id}-fb` : null].filter(Boolean).join(" ");
    const button = h(
      "button",
      {
        type: "button",
        class: `ls-item${selected === item.id ? " ls-selected" : ""}${fb ? (fb.correct ? " ls-right" : " ls-wrong") : ""}`,
        draggable: "true",
        "data-item": item.id,
        "data-focus": `item:${item.id}`,
        "aria-pressed": selected === item.id ? "true" : "false",
        "aria-label": `${item.label}. Now in: ${where}.${fb ? (fb.correct ? " Checked: right." : " Checked: not right.") : ""}`,
        "aria-describedby": describedBy,
        "aria-keyshortcuts": "1 2 3 4 5 6 7 8 9 0 ArrowLeft ArrowRight",
        onclick: () => {
          selected = selected === item.id ? null : item.id;
          announcement = selected ? `${item.label} picked up. Choose a column's "Place here" button.` : "Put down.";
          focusAfter = `item:${item.id}`;
          draw();
        },
        onkeydown: (event) => onItemKey(event, item.id),
        ondragstart: (event) => {
          event.dataTransfer.setData("text/plain", item.id);
          event.dataTransfer.effectAllowed = "move";
        },
      },
      fb ? h("span", { class: "ls-mark", "aria-hidden": "true" }, fb.correct ? "✓" : "✗") : null,
      h("span", { class: "ls-item-label" }, item.label),
    );
    return h(
      "li",
      { class: "ls-card" },
      button,
      h("div", { class: "ls-detail", id: `${me}-${item.id}-detail` }, item.detail || ""),
      fb
        ? h(
            "div",
            { class: `ls-feedback ${fb.correct ? "ls-feedback-right" : "ls-feedback-wrong"}`, id: `${me}-${item.id}-fb` },
            h("strong", {}, fb.correct ? "Right. " : "Not quite. "),
            fb.message,
            fb.misconception ? h("span", { class: "ls-misconception" }, ` ${mistake(fb)}`) : null,
          )
        : null,
    );
  }

  function column(categoryId, index) {
    const c = categoryId === null ? null : categories().find((x) => x.id === categoryId);
    const heading = categoryId === null ? "Not placed yet" : c.label;
    const inHere = items().filter((i) => (value()[i.id] ?? null) === categoryId);
    const headingId = `${me}-col-${categoryId ?? "tray"}`;
    const zone = h(
      "section",
      {
        class: `ls-column${categoryId === null ? " ls-tray" : ""}`,
        "data-category": categoryId ?? "",
        role: "group",
        "aria-labelledby": headingId,
        ondragover: (event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "move";
          zone.classList.add("ls-over");
        },
        ondragleave: () => zone.classList.remove("ls-over"),
        ondrop: (event) => {
          event.preventDefault();
          zone.classList.remove("ls-over");
          const itemId = event.dataTransfer.getData("text/plain");
          if (items().some((i) => i.id === itemId)) place(itemId, categoryId);
        },
      },
      h(
        "h4",
        { class: "ls-column-heading", id: headingId },
        categoryId === null ? null : h("kbd", { "aria-hidden": "true" }, String(index)),
        ` ${heading} `,
        h("span", { class: "ls-count" }, `(${inHere.length})`),
      ),
      c && c.hint ? h("p", { class: "ls-hint" }, c.hint) : null,
      selected !== null && (value()[selected] ?? null) !== categoryId
        ? h(
            "button",
            {
              type: "button",
              class: "ls-place-here",
              "data-place": categoryId ?? "",
              "data-focus": `place:${categoryId ?? ""}`,
              "aria-label": `Place ${items().find((i) => i.id === selected).label} in ${heading}`,
              onclick: () => place(selected, categoryId),
            },
            "Place here",
          )
        : null,
      h("ul", { class: "ls-list", "aria-label": heading }, inHere.map(itemCard)),
    );
    return zone;
  }

  function draw() {
    const mode = model.get("mode");
    const summary = model.get("summary");
    const root = h(
      "div",
      { class: `ls-sorter ls-${mode}`, "data-exercise": model.get("exercise_id") },
      exerciseHead(model, "ls-", "ls-badge"),
      h(
        "p",
        { class: "ls-help", id: `${me}-help` },
        "Drag each item to a column, or click it and then “Place here”. Keyboard: Tab to an item, press ",
        h("kbd", {}, `1–${categories().length}`),
        " to place it, ",
        h("kbd", {}, "0"),
        " to take it back, ",
        h("kbd", {}, "←"),
        " ",
        h("kbd", {}, "→"),
        " to move it between columns.",
      ),
      h("div", { class: "ls-board" }, columns().map((id, index) => column(id, index))),
      h(
        "div",
        { class: "ls-actions" },
        mode === "practice"
          ? checkButton(model, "ls-check", Object.keys(value()).length === 0, (text) => {
              announcement = text;
            })
          : null,
        resetButton("ls-reset", Object.keys(value()).length === 0, () => {
          if (!window.confirm("Take every item back out of the columns?")) return;
          selected = null;
          announcement = "All items taken back.";
          model.set("value", {});
          model.save_changes();
          draw();
        }),
        statusLine(model, "ls-status"),
      ),
      summary ? h("p", { class: "ls-summary" }, summary) : null,
      h("div", { class: "ls-sr-only", "aria-live": "polite" }, announcement),
    );
    const wanted = focusAfter;
    focusAfter = null;
    replaceKeepingFocus(el, root, wanted);
  }

  keepKeysFromNotebook(el); // "1" would turn the cell into a heading, "0 0" restart the kernel

  const stopDrawing = onChanges(
    model,
    ["value", "feedback", "summary", "status", "status_kind", "notice", "items", "categories", "mode"],
    draw,
  );
  draw();
  return stopDrawing;
}

export default { render };
