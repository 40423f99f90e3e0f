// Explorer accessibility: what the explorers' plain ipywidgets lack, added in the page.
//
// The EOQ and safety-stock explorers are built from ipywidgets' FloatSlider and Image, which
// give the slider handle (role="slider") no accessible name and the chart no alternative text.
// This hidden widget sits inside the explorer: it names each handle after its slider's label
// ("Annual demand D (units/year)") and gives the chart its alternative text, and keeps doing so
// when ipywidgets redraws a slider. explorer.css gives the handles a visible focus outline.

function render({ model, el }) {
  let observer = null;
  let frame = null;

  function label(explorer) {
    for (const slider of explorer.querySelectorAll(".widget-slider")) {
      const name = (slider.querySelector(".widget-label")?.textContent || "").trim();
      for (const handle of slider.querySelectorAll('[role="slider"]')) {
        if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
      }
    }
    const alt = model.get("chart_alt");
    for (const image of explorer.querySelectorAll("img.widget-image")) {
      if (image.getAttribute("alt") !== alt) image.setAttribute("alt", alt);
    }
  }

  // The views of an explorer's children are put into the page after they render: wait for ours.
  function attach() {
    frame = null;
    const explorer = el.isConnected ? el.closest(".ls-explorer") : null;
    if (!explorer) {
      frame = requestAnimationFrame(attach);
      return;
    }
    label(explorer);
    observer = new MutationObserver(() => label(explorer));
    observer.observe(explorer, { childList: true, subtree: true });
    model.on("change:chart_alt", onAlt);
  }
  const onAlt = () => {
    const explorer = el.closest(".ls-explorer");
    if (explorer) label(explorer);
  };

  attach();
  return () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (observer) observer.disconnect();
    model.off("change:chart_alt", onAlt);
  };
}

export default { render };
