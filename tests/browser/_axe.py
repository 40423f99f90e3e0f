"""Accessibility checks in the JupyterLab page: axe-core scans and a keyboard walk for visible focus.

axe-core comes from the npm package that ``make axe`` (a step of ``make test``) installs under
``.venv/node``; it is injected into the page from that file, never fetched from a CDN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"

# Rules that say "this control has no accessible name": none may fail, whatever axe's impact.
NAME_RULES = frozenset(
    {
        "button-name",
        "input-button-name",
        "label",
        "select-name",
        "aria-input-field-name",
        "aria-command-name",
        "aria-toggle-field-name",
        "link-name",
    }
)
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Every widget on the page, by the class of its root element.
WIDGET_ROOTS = ".ls-sorter, .ls-seq, .ls-jm, .ls-sc, .ls-explorer"


def inject(page: Page) -> None:
    """Put axe-core into the page (once per page load)."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `make axe` (or `make test`, which installs it)")
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.add_script_tag(path=str(AXE_JS))
        page.wait_for_function("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'")


# The context of a scan: each widget root's output area (its live regions sit beside the root).
_SCAN = """async (roots) => {
  const found = [...document.querySelectorAll(roots)];
  const areas = [...new Set(found.map((root) => root.closest('.jp-OutputArea-output') || root))];
  if (!areas.length) return { areas: 0, violations: [] };
  const result = await window.axe.run({ include: areas }, { resultTypes: ['violations'] });
  return {
    areas: areas.length,
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html,
        impact: n.impact,
        summary: n.failureSummary,
      })),
    })),
  };
}"""

# Polled by wait_for_function (which does not wait for promises): starts a scan when none is
# running, and answers the last scan once it is clean (the expected number of widgets, and no
# violation that fails the test), false until then.
_SETTLED = """([roots, expected, impacts, nameRules]) => {
  const state = window.__lsAxeScan;
  const last = state.last;
  const clean = last && last.areas > 0 && (expected === null || last.areas === expected) &&
    !last.violations.some((v) => impacts.includes(v.impact) || nameRules.includes(v.id));
  if (clean) return last;
  if (!state.running) {
    state.running = true;
    window.__lsAxeScanOnce(roots).then(
      (result) => { state.last = result; state.running = false; },
      (error) => { state.error = String(error); state.running = false; });
  }
  return false;
}"""


@dataclass
class Scan:
    """What one axe run found in the widgets' output areas."""

    where: str
    areas: int
    violations: list[dict] = field(default_factory=list)

    def problems(self) -> list[dict]:
        """Violations of serious or critical impact, and of the accessible-name rules whatever their impact."""
        return [v for v in self.violations if v["impact"] in BLOCKING_IMPACTS or v["id"] in NAME_RULES]

    def report(self) -> str:
        problems = self.problems()
        lines = [f"{len(problems)} axe rule(s) failed in {self.where}:"]
        for v in problems:
            lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"]:
                lines.append(f"    element: {node['target']}")
                lines.append(f"    html:    {node['html'][:300]}")
                for text in (node["summary"] or "").splitlines():
                    lines.append(f"      {text}")
        return "\n".join(lines)


def scan(
    page: Page, where: str, roots: str = WIDGET_ROOTS, expected_areas: int | None = None, settle: float = 10
) -> Scan:
    """Run axe-core over the output areas of the widgets that match ``roots``.

    The widgets may still be arriving (ipywidgets puts a box's children into the page one by one):
    axe runs again while it finds fewer widgets than ``expected_areas`` or a violation that fails
    the test, for up to ``settle`` seconds; the last scan is returned either way.
    """
    inject(page)
    page.evaluate(
        f"() => {{ window.__lsAxeScanOnce = {_SCAN}; window.__lsAxeScan = {{ running: false, last: null }}; }}"
    )
    try:
        args = [roots, expected_areas, sorted(BLOCKING_IMPACTS), sorted(NAME_RULES)]
        found = page.wait_for_function(_SETTLED, arg=args, polling=100, timeout=settle * 1000).json_value()
    except PlaywrightTimeoutError:
        page.wait_for_function("() => !window.__lsAxeScan.running", timeout=30_000)
        found = page.evaluate("() => window.__lsAxeScan.last")
        error = page.evaluate("() => window.__lsAxeScan.error || null")
        assert found is not None, f"axe-core did not finish a scan of {where}: {error or 'no error reported'}"
    result = Scan(where, found["areas"], found["violations"])
    seen = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in result.violations) or "none"
    print(f"axe in {where}: {result.areas} widget(s); violations: {seen}")  # shown when a test fails
    return result


def assert_accessible(
    page: Page, where: str, roots: str = WIDGET_ROOTS, expected_areas: int | None = None, settle: float = 10
) -> Scan:
    """No serious or critical axe violation, and every control named, in the widgets matching ``roots``."""
    result = scan(page, where, roots, expected_areas, settle)
    if expected_areas is not None:
        assert result.areas == expected_areas, f"{where}: expected {expected_areas} widget(s), found {result.areas}"
    assert result.areas > 0, f"{where}: no widget matches {roots!r}"
    assert not result.problems(), result.report()
    return result


# -- focus is visible ---------------------------------------------------------------------------
# The walk starts from a focusable marker put just before the widget's output area, so focus
# enters the widget by a real Tab press (as a learner's would) and :focus-visible applies.
_START = """([root]) => {
  const widget = document.querySelector(root);
  if (!widget) return null;
  const area = widget.closest('.jp-OutputArea-output') || widget;
  document.querySelectorAll('.ls-a11y-start').forEach((n) => n.remove());
  const start = document.createElement('span');
  start.className = 'ls-a11y-start';
  start.tabIndex = 0;
  start.textContent = 'start of the keyboard walk';
  area.before(start);
  // Each control's look when it does not have focus, to compare with its look when it does.
  const look = (el) => {
    const s = getComputedStyle(el);
    return { outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
             boxShadow: s.boxShadow };
  };
  window.__lsUnfocused = new Map();
  const focusable = 'button, input, select, textarea, a[href], [tabindex], [contenteditable="true"]';
  for (const el of area.querySelectorAll(focusable)) window.__lsUnfocused.set(el, look(el));
  start.focus();
  const tabbable = [...area.querySelectorAll(focusable)].filter(
    (el) => (el.tabIndex >= 0 || el.isContentEditable) && !el.disabled && el.getClientRects().length > 0);
  return tabbable.length;
}"""

_FOCUSED = """([root]) => {
  const widget = document.querySelector(root);
  const area = widget && (widget.closest('.jp-OutputArea-output') || widget);
  const el = document.activeElement;
  if (!area || !el || !area.contains(el)) return null;
  const s = getComputedStyle(el);
  const before = window.__lsUnfocused.get(el) || { outlineStyle: 'none', outlineWidth: '0px', boxShadow: 'none' };
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const outlineBefore = before.outlineStyle !== 'none' && parseFloat(before.outlineWidth) > 0;
  const outlineChanged = outline && (!outlineBefore || s.outlineStyle !== before.outlineStyle ||
    s.outlineWidth !== before.outlineWidth || s.outlineColor !== before.outlineColor);
  const shadowChanged = s.boxShadow !== 'none' && s.boxShadow !== before.boxShadow;
  const name = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 60);
  const id = el.dataset.focus || el.dataset.item || el.dataset.step || el.dataset.option || '';
  return {
    element: `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}` +
      `${el.type ? ` type="${el.type}"` : ''}${id ? ` data="${id}"` : ''}> "${name}"`,
    visible: outlineChanged || shadowChanged,
    focusVisible: el.matches(':focus-visible'),
    focused: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}`,
    unfocused: `outline: ${before.outlineStyle} ${before.outlineWidth} ${before.outlineColor || ''}; ` +
      `box-shadow: ${before.boxShadow}`,
  };
}"""

_END = """() => {
  document.querySelectorAll('.ls-a11y-start').forEach((n) => n.remove());
  delete window.__lsUnfocused;
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
}"""


def assert_focus_visible(page: Page, root: str) -> int:
    """Tab through the widget at ``root``: every control that takes focus shows a focus indicator.

    Returns how many controls were reached. Radio groups take one Tab stop, so the walk may
    reach fewer controls than the widget has; it ends when focus leaves the widget's output area.
    """
    tabbable = page.evaluate(_START, [root])
    assert tabbable, f"{root}: no control to reach with Tab"
    reached: list[dict] = []
    presses = tabbable + 10
    try:
        for _ in range(presses):
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED, [root])
            if focused is None:
                break
            reached.append(focused)
    finally:
        page.evaluate(_END)
    print(f"Tab walk in {root}: {len(reached)} of {tabbable} controls reached")  # shown when a test fails
    for f in reached:
        print(f"  {'ok  ' if f['visible'] else 'NONE'} {f['element']}: {f['focused']}")
    assert len(reached) < presses, f"{root}: focus never left the widget after {presses} Tab presses (a trap?)"
    assert reached, f"{root}: Tab from just before the widget did not reach any of its {tabbable} controls"
    hidden = [f for f in reached if not f["visible"]]
    assert not hidden, f"{root}: focus is not visible on {len(hidden)} of {len(reached)} controls reached by Tab:\n" + (
        "\n".join(
            f"- {f['element']}\n    focused:   {f['focused']}\n    unfocused: {f['unfocused']}"
            f"\n    :focus-visible matches: {f['focusVisible']}"
            for f in hidden
        )
    )
    return len(reached)
