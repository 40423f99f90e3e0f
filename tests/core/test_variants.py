"""Per-learner variants: the same learner always gets the same numbers, two learners almost never do."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from logiserve import inventory, kpis, suppliers, transport, variants
from logiserve.datasets import load
from logiserve.variants import (
    NOT_ON_HUB,
    Learner,
    Variant,
    VariantError,
    collisions,
    find_learner,
    load_parameters,
    parameters_from,
    variant,
)
from logiserve.widgets import ContentError, load_exercises

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "course" / "source"
IDS = [f"learner{n:04d}" for n in range(1000)]

SPEC = {
    "annual_demand": {"label": "Annual demand", "symbol": "D", "range": [8000, 15000], "step": 100, "default": 12000},
    "order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50, "format": "£{:,} an order"},
    "holding_rate": {"label": "Holding rate", "range": [0.18, 0.30], "step": 0.005, "default": 0.25},
    "customer": {"label": "Your customer", "choices": ["Fresco", "Kestrel", "Harrow"], "default": "Fresco"},
}


@pytest.fixture(autouse=True)
def no_learner(monkeypatch):
    """Each test starts with no learner id, no course id and no autograde folder remembered."""
    for name in ("JUPYTERHUB_USER", "LOGISERVE_LEARNER", "LOGISERVE_COURSE_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(variants, "_AUTOGRADED_HERE", {})


def write_spec(folder: Path, block) -> Path:
    path = folder / "exercises.yaml"
    path.write_text(
        yaml.safe_dump({"variants": block, "exercises": {}}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def pick(learner, spec=SPEC, assignment="05_inventory", course="test-course") -> Variant:
    return Variant.pick(assignment, parameters_from(spec), learner=learner, course_id=course)


# -- determinism and independence ------------------------------------------------------------------------------
def test_the_same_learner_gets_the_same_numbers_every_time():
    assert pick("amira").values == pick("amira").values
    assert pick("amira").values != pick("ben").values


def test_numbers_do_not_depend_on_the_process(tmp_path):
    # a fresh interpreter with another string-hash seed: the numbers come from SHA-256, not hash()
    path = write_spec(tmp_path, SPEC)
    code = (
        "from logiserve.variants import variant; "
        f"print(dict(variant('05_inventory', learner='amira', path={str(path)!r}, course='test-course')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == str(dict(pick("amira")))


def test_adding_or_removing_a_parameter_never_changes_the_others():
    more = {**SPEC, "lead_time": {"label": "Lead time", "range": [5, 15], "step": 1, "default": 10}}
    fewer = {k: v for k, v in SPEC.items() if k != "order_cost"}
    reordered = dict(reversed(list(SPEC.items())))
    for learner in IDS[:200]:
        base = pick(learner).values
        assert {k: pick(learner, more)[k] for k in SPEC} == base
        assert dict(pick(learner, fewer)) == {k: v for k, v in base.items() if k != "order_cost"}
        assert dict(pick(learner, reordered)) == base


def test_the_assignment_and_the_course_change_the_numbers():
    amira = pick("amira").values
    assert pick("amira", assignment="02_service_cycle").values != amira
    assert pick("amira", course="another-course").values != amira


def test_values_stay_on_the_grid_and_cover_it():
    seen: dict[str, set] = {name: set() for name in SPEC}
    for learner in IDS:
        for name, value in pick(learner).items():
            seen[name].add(value)
    demand = sorted(seen["annual_demand"])
    assert all(isinstance(v, int) and 8000 <= v <= 15000 and v % 100 == 0 for v in demand)
    assert len(demand) == 71  # 1,000 learners reach every one of the 71 values
    assert seen["order_cost"] == set(range(40, 91))
    rates = seen["holding_rate"]
    assert all(isinstance(v, float) and 0.18 <= v <= 0.30 for v in rates)
    assert all(abs(round((v - 0.18) / 0.005) * 0.005 + 0.18 - v) < 1e-12 for v in rates)
    assert len(rates) == 25 and 0.185 in rates and 0.3 in rates  # no 0.18500000000000003
    assert seen["customer"] == {"Fresco", "Kestrel", "Harrow"}


def test_each_value_is_about_equally_likely():
    counts = np.bincount([pick(learner)["order_cost"] - 40 for learner in IDS], minlength=51)
    expected = len(IDS) / 51
    chi_square = float(((counts - expected) ** 2 / expected).sum())
    assert chi_square < 90  # 50 degrees of freedom: p < 0.001 above 86.7


def test_list_choices_come_back_as_tuples():
    spec = {
        "weeks": {"label": "Weeks", "choices": [[1, 4], [2, 5]], "default": [1, 4], "format": "weeks {0[0]} to {0[1]}"}
    }
    mine = pick(None, spec)
    assert mine["weeks"] == (1, 4)
    assert mine.shown("weeks") == "weeks 1 to 4"
    assert {pick(learner, spec)["weeks"] for learner in IDS[:50]} == {(1, 4), (2, 5)}


# -- who the learner is ----------------------------------------------------------------------------------------
def autograde_folder(tmp_path: Path, student: str, assignment: str = "05_inventory") -> Path:
    folder = tmp_path / "course" / "autograded" / student / assignment
    folder.mkdir(parents=True)
    return folder


def test_no_id_gives_the_defaults_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_learner("05_inventory") == Learner(None)
    mine = pick(find_learner("05_inventory"))
    assert dict(mine) == {"annual_demand": 12000, "order_cost": 50, "holding_rate": 0.25, "customer": "Fresco"}
    assert mine.is_default
    table = mine.table()
    assert table.note == NOT_ON_HUB
    assert "You are not signed in to the course hub, so these are the course's default numbers." in repr(mine)
    assert "answer with the numbers shown in your own notebook" in mine._repr_html_()


def test_the_hub_user_is_the_learner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "amira")
    assert find_learner("05_inventory") == Learner("amira", "JUPYTERHUB_USER")
    mine = pick(find_learner("05_inventory"))
    assert dict(mine) == dict(pick("amira")) and not mine.is_default
    assert f"learner amira, signed in to the course hub (variant {mine.code})" in mine.where_from


def test_logiserve_learner_beats_the_hub_user(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "tutor-sam")
    monkeypatch.setenv("LOGISERVE_LEARNER", "amira")
    assert find_learner("05_inventory") == Learner("amira", "LOGISERVE_LEARNER")


def test_the_autograde_folder_beats_both_environment_variables(tmp_path, monkeypatch):
    # a tutor grading on a hub has their own JUPYTERHUB_USER, and may have LOGISERVE_LEARNER set from a preview
    monkeypatch.chdir(autograde_folder(tmp_path, "ben"))
    monkeypatch.setenv("JUPYTERHUB_USER", "tutor-sam")
    monkeypatch.setenv("LOGISERVE_LEARNER", "amira")
    assert find_learner("05_inventory") == Learner("ben", "the autograde folder")
    assert "learner ben, as the grading worked them out" in pick(find_learner("05_inventory")).where_from


def test_the_autograde_learner_is_kept_when_learner_code_changes_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(autograde_folder(tmp_path, "ben"))
    assert find_learner("05_inventory").id == "ben"
    monkeypatch.chdir(tmp_path)  # os.chdir in a learner's cell, before the hidden tests
    assert find_learner("05_inventory").id == "ben"


def test_only_nbgraders_layout_counts_as_an_autograde_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "amira")
    other = autograde_folder(tmp_path, "ben", "02_service_cycle")  # another assignment's folder
    monkeypatch.chdir(other)
    assert find_learner("05_inventory") == Learner("amira", "JUPYTERHUB_USER")
    lookalike = tmp_path / "autograded-notes" / "ben" / "05_inventory"
    lookalike.mkdir(parents=True)
    monkeypatch.chdir(lookalike)
    assert find_learner("05_inventory") == Learner("amira", "JUPYTERHUB_USER")


def test_variant_reads_the_exercises_file_beside_the_notebook(tmp_path, monkeypatch):
    folder = autograde_folder(tmp_path, "ben")
    write_spec(folder, SPEC)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("LOGISERVE_COURSE_ID", "test-course")
    assert dict(variant("05_inventory")) == dict(pick("ben"))
    assert variant("05_inventory").learner.found_in == "the autograde folder"
    assert dict(variant("05_inventory", learner="amira")) == dict(pick("amira"))


def test_the_course_id_comes_from_the_environment(monkeypatch):
    assert variants.course_id() == "logiserve-cs-l3"
    monkeypatch.setenv("LOGISERVE_COURSE_ID", "college-b-2027")
    assert variants.course_id() == "college-b-2027"


def test_the_default_course_id_is_the_nbgrader_course_id():
    config = (REPO / "course" / "nbgrader_config.py").read_text()
    assert f'c.CourseDirectory.course_id = "{variants.COURSE_ID}"' in config


# -- what an author and a learner read when something is wrong -------------------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1}}, "variants.order_cost: 'default'"),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50.5}},
            "exercises.yaml: variants.order_cost.default: 50.5 is not one of the values it can take (40, 41, ... 90)",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "choices": [1, 2], "default": 1}},
            "exercises.yaml: variants.order_cost: give either range and step, or choices (not both)",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "default": 50}},
            "exercises.yaml: variants.order_cost: give either range and step, or choices (not both)",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [90, 40], "step": 1, "default": 50}},
            "variants.order_cost.range: the highest value must be more than the lowest, not [90, 40]",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 45], "step": 10, "default": 40}},
            "variants.order_cost.step: 10 is more than the range is wide (5)",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 0, "default": 50}},
            "variants.order_cost.step: step must be a number more than 0",
        ),
        (
            {"Order cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50}},
            "a parameter name is lower case letters, digits and _ (a Python name)",
        ),
        (
            {"order_cost": {"label": "Order cost", "choices": [50], "default": 50}},
            "variants.order_cost.choices: choices is a list of at least two different values",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50, "format": "£ {:d"}},
            "variants.order_cost.format: format is a Python format string",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50, "format": "{:%Y}"}},
            "variants.order_cost.format: '{:%Y}' cannot show 50",
        ),
        (
            {"order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 50, "unit": "£"}},
            "variants.order_cost: Additional properties are not allowed ('unit' was unexpected)",
        ),
    ],
)
def test_a_broken_block_names_the_file_the_parameter_and_the_field(tmp_path, change, message):
    path = write_spec(tmp_path, change)
    with pytest.raises(VariantError) as raised:
        load_parameters(path)
    assert message in str(raised.value)
    with pytest.raises(ContentError) as content:  # the exercise loader reports it too
        load_exercises(path)
    assert message in str(content.value)


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_spec(
        tmp_path,
        {
            "order_cost": {"label": "Order cost", "range": [40, 90], "step": 1, "default": 51.5},
            "holding_rate": {"label": "Holding rate", "range": [0.18, 0.30], "step": 0.005, "default": 0.181},
        },
    )
    with pytest.raises(VariantError) as raised:
        load_parameters(path)
    lines = str(raised.value).splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        "variants.order_cost.default",
        "variants.holding_rate.default",
    ]


def test_the_learner_reads_a_plain_message_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(VariantError) as raised:
        variant("05_inventory")
    assert "exercises.yaml: not found (looked in" in str(raised.value)
    assert "belongs beside its notebook" in str(raised.value)
    shown = raised.value._render_traceback_()
    assert shown[0] == "\x1b[31mYour numbers for this exercise could not be worked out.\x1b[0m"
    assert shown[-1] == "Nothing you saved was changed. Please tell your tutor, and include the lines above."

    (tmp_path / "exercises.yaml").write_text("exercises: {}\n")
    with pytest.raises(VariantError, match=r"05_inventory: its exercises\.yaml has no variants block"):
        variant("05_inventory")

    write_spec(tmp_path, SPEC)
    with pytest.raises(VariantError) as missing:
        variant("05_inventory")["order_costs"]
    assert str(missing.value) == (
        "05_inventory has no variant number called 'order_costs' (in the variants block of its exercises.yaml); "
        "it has: annual_demand, order_cost, holding_rate, customer"
    )


def test_the_table_shows_labels_symbols_and_formats_and_escapes_text():
    spec = {**SPEC, "customer": {"label": "Your <b>customer</b>", "choices": ["A & B", "C"], "default": "A & B"}}
    mine = pick(None, spec)
    assert mine.table().rows == (
        ("Annual demand, D", "12000"),
        ("Order cost", "£50 an order"),
        ("Holding rate", "0.25"),
        ("Your <b>customer</b>", "A & B"),
    )
    page = mine._repr_html_()
    assert "Your &lt;b&gt;customer&lt;/b&gt;" in page and "A &amp; B" in page and "<b>customer" not in page
    assert "| Order cost | £50 an order |" in mine._repr_markdown_()


def test_a_table_of_one_group(tmp_path):
    spec = {
        "a": {"label": "A", "group": "planter", "choices": [1, 2], "default": 1},
        "b": {"label": "B", "group": "explorer", "choices": [1, 2], "default": 1},
        "c": {"label": "C", "choices": [1, 2], "default": 1},  # no group: in every table
    }
    mine = pick(None, spec)
    assert [label for label, _ in mine.table("planter").rows] == ["A", "C"]
    assert [label for label, _ in mine.table().rows] == ["A", "B", "C"]
    with pytest.raises(VariantError, match="no variant numbers in the group 'plants'; groups: explorer, planter"):
        mine.table("plants")


# -- the course's own variants ---------------------------------------------------------------------------------
def course_variants(assignment: str) -> list[Variant]:
    parameters = load_parameters(SOURCE / assignment / "exercises.yaml")
    return [Variant.pick(assignment, parameters, learner=i, course_id=variants.COURSE_ID) for i in IDS]


@pytest.mark.parametrize("assignment", ["02_service_cycle", "05_inventory"])
def test_the_course_declares_variants(assignment):
    parameters = load_parameters(SOURCE / assignment / "exercises.yaml")
    assert parameters
    load_exercises(SOURCE / assignment / "exercises.yaml")


def test_the_default_planter_is_the_demand_datasets_planter():
    # learners outside the hub, and the source notebook's stored outputs, see the dataset's planter
    defaults = {n: p.default for n, p in load_parameters(SOURCE / "05_inventory" / "exercises.yaml").items()}
    planter = load("demand").query("sku == 'BW-PLT-0420'")
    assert defaults["daily_demand"] == pytest.approx(planter["units"].mean(), abs=0.005)
    assert defaults["demand_sd"] == pytest.approx(planter["units"].std(), abs=0.05)
    first = planter.iloc[0]
    assert (defaults["unit_cost"], defaults["order_cost"], defaults["holding_rate"]) == (
        first["unit_cost"],
        first["order_cost"],
        first["holding_rate"],
    )
    assert (defaults["lead_time"], defaults["lead_time_sd"]) == (first["lead_time_days"], first["lead_time_sd_days"])


def test_every_learners_explorer_question_fits_the_explorers_slider():
    for mine in course_variants("05_inventory"):
        assert 500 <= mine["explorer_demand"] * mine["demand_multiplier"] <= 20_000  # the notebook's demand slider


def test_collision_rate_over_1000_learners():
    """The share of learners whose whole set of numbers equals another's, printed and bounded."""
    inventory_stats = collisions(course_variants("05_inventory"))
    service_stats = collisions(course_variants("02_service_cycle"))
    print(f"\n05_inventory: {inventory_stats}")
    print(f"02_service_cycle: {service_stats}")
    assert inventory_stats.learners == 1000
    assert inventory_stats.rate <= 0.001 and inventory_stats.class_chance < 1e-9
    # 02 picks one of 185 accounts (a customer and a review period of 4 to 8 weeks whose KPIs are
    # neither 0 nor 1), so a class shares accounts more often; two given learners still differ 184 times in 185
    assert service_stats.combinations == 185
    assert service_stats.class_chance == pytest.approx(0.6553, abs=0.0005)
    pairs = 1000 * 999 / 2
    same = sum(n * (n - 1) / 2 for n in _counts(course_variants("02_service_cycle")).values())
    assert same / pairs == pytest.approx(1 / 185, rel=0.15)


def _counts(items: list[Variant]) -> dict[str, int]:
    out: dict[str, int] = {}
    for each in items:
        out[each.code] = out.get(each.code, 0) + 1
    return out


def inventory_answers(mine: Variant) -> dict[str, float]:
    """Every autograded answer of 05_inventory that depends on the learner's numbers, as its hidden test works it."""
    d_mean, d_sd, level = mine["daily_demand"], mine["demand_sd"], mine["service_level"]
    L, L_sd = mine["lead_time"], mine["lead_time_sd"]
    D, S = 365 * d_mean, mine["order_cost"]
    H = inventory.holding_cost_per_unit(mine["unit_cost"], mine["holding_rate"])
    Q = inventory.eoq(D, S, H)
    sigma = inventory.demand_sd_over_lead_time(d_sd, L, lead_time_sd=L_sd, mean_demand=d_mean)
    ss = inventory.safety_stock(level, d_sd, L, lead_time_sd=L_sd, mean_demand=d_mean)
    explorer = (mine["explorer_demand"], mine["explorer_order_cost"], mine["explorer_holding_cost"])
    return {
        "eoq_factor_test": inventory.eoq(mine["demand_multiplier"] * explorer[0], *explorer[1:])
        / inventory.eoq(*explorer),
        "demand_test": D,
        "holding_test": H,
        "eoq_test": Q,
        "orders_test": inventory.orders_per_year(D, Q),
        "total_test": inventory.total_annual_cost(D, S, H, Q),
        "z_test": inventory.z_for_service_level(level),
        "sd_test": sigma,
        "ss_test": ss,
        "rop_test": inventory.reorder_point(d_mean, L, ss),
        "pack_test": inventory.round_to_pack(Q, mine["case_quantity"], minimum=mine["min_order_quantity"]),
        "turnover_test": inventory.inventory_turnover(D, inventory.average_stock(Q, ss)),
        "batch_days_test": inventory.days_of_inventory(
            inventory.inventory_turnover(D, inventory.average_stock(mine["lorry_load"], ss))
        ),
        "extra_cost_test": _sofa_cost(mine, 0.999) - _sofa_cost(mine, mine["explorer_service_level"]),
    }


def _sofa_cost(mine: Variant, level: float) -> float:
    """The holding cost of the explorer's sofa set's safety stock at ``level``, from the learner's explorer numbers."""
    stock = inventory.safety_stock(
        level,
        mine["explorer_demand_sd"],
        mine["explorer_lead_time"],
        lead_time_sd=mine["explorer_lead_time_sd"],
        mean_demand=mine["explorer_daily_demand"],
    )
    return inventory.safety_stock_holding_cost(stock, mine["explorer_holding_cost"])


# (relative, absolute) tolerance of each hidden test
INVENTORY_TOLERANCE = {"demand_test": (0.002, 0), "z_test": (0, 0.01), "eoq_factor_test": (0.01, 0.05)}
INVENTORY_TOLERANCE["extra_cost_test"] = (0.03, 0)
INVENTORY_TOLERANCE["pack_test"] = (0, 0.5)


def service_answers(mine: Variant, orders) -> dict[str, float]:
    customer, first, last = mine["account"]
    lines = orders[(orders["customer"] == customer) & orders["week"].between(first, last)]
    return {
        "on_time_test": kpis.on_time_rate(lines),
        "in_full_test": kpis.in_full_rate(lines),
        "otif_test": kpis.otif(lines),
    }


def test_no_learners_account_makes_a_constant_the_right_answer():
    """On time, in full and OTIF of every account 02 offers lie strictly between 0 and 1 (so "1" is never right)."""
    orders = load("orders")
    parameters = load_parameters(SOURCE / "02_service_cycle" / "exercises.yaml")
    accounts = parameters["account"].values
    assert len(accounts) == len(set(accounts)) == 185
    for customer, first, last in accounts:
        assert 4 <= last - first + 1 <= 8, (customer, first, last)
        lines = orders[(orders["customer"] == customer) & orders["week"].between(first, last)]
        for kpi in (kpis.on_time_rate, kpis.in_full_rate, kpis.otif):
            assert 0 < kpi(lines) < 1, (customer, first, last, kpi.__name__)
    assert {customer for customer, _, _ in accounts} == set(orders["customer"])


def supply_chain_answers(mine: Variant, lane, lanhai: tuple[float, float]) -> dict[str, float]:
    """Every autograded answer of 06_supply_chain that depends on the learner's numbers, as its hidden test works it."""
    w, n = mine["tonnes"], mine["containers_a_year"]
    road, rail = lane.loc["road"], lane.loc["rail"]
    road_kg = transport.co2_kg(w, road["distance_km"], road["co2_g_per_tonne_km"])
    rail_kg = transport.co2_kg(w, rail["distance_km"], rail["co2_g_per_tonne_km"])
    L, L_sd = lanhai
    turns = inventory.inventory_turnover(mine["tools_cost_of_sales"], mine["tools_average_stock"])
    stages = {
        "supplier lead time": L,
        "goods-in and put-away": mine["goods_in_days"],
        "days in stock": inventory.days_of_inventory(turns),
        "order cycle time": mine["order_cycle_days"],
    }
    return {
        "tonne_km_test": transport.tonne_km(w, road["distance_km"]),
        "cost_test": transport.freight_cost(
            w, road["distance_km"], road["rate_per_tonne_km"], fixed_cost=road["fixed_cost"]
        ),
        "co2_test": road_kg,
        "shift_test": n * (road_kg - rail_kg),
        "saw_test": inventory.safety_stock(
            mine["tools_service_level"],
            mine["tools_demand_sd"],
            L,
            lead_time_sd=L_sd,
            mean_demand=mine["tools_daily_demand"],
        ),
        "turns_test": turns,
        "cycle_test": kpis.supply_chain_cycle_time(stages),
    }


def copied_answer_passes(values: np.ndarray, rel: float, absolute: float) -> float:
    """The share of ordered pairs of different learners (A, B) where B's check accepts A's right answer."""
    given, target = values[:, None], values[None, :]
    accepted = np.abs(given - target) <= np.maximum(absolute, rel * np.abs(target))
    np.fill_diagonal(accepted, False)
    n = len(values)
    return float(accepted.sum() / (n * (n - 1)))


def test_a_copied_answer_rarely_passes_another_learners_check():
    """Per graded cell: the chance that a classmate's right answer, copied as a number, earns the marks."""
    rows = {}
    answers = [inventory_answers(mine) for mine in course_variants("05_inventory")]
    for cell in answers[0]:
        rel, absolute = INVENTORY_TOLERANCE.get(cell, (0.01, 0))
        rows[f"05_inventory/{cell}"] = copied_answer_passes(np.array([a[cell] for a in answers]), rel, absolute)
    orders = load("orders")
    cache: dict[tuple, dict[str, float]] = {}
    service = []
    for mine in course_variants("02_service_cycle"):
        key = mine["account"]
        service.append(cache.setdefault(key, service_answers(mine, orders)))
    for cell in service[0]:
        rows[f"02_service_cycle/{cell}"] = copied_answer_passes(np.array([a[cell] for a in service]), 0, 0.0005)
    lane = load("lanes").query("lane == 'FXT-NGT'").set_index("mode")
    inbound = load("inbound")
    lanhai = suppliers.lead_time_stats(inbound[inbound["supplier"] == "Lanhai Garden Tools Ltd"])
    chain = [supply_chain_answers(mine, lane, lanhai) for mine in course_variants("06_supply_chain")]
    for cell in chain[0]:  # every 06 step is checked to 1 %, check_method_step's default
        rows[f"06_supply_chain/{cell}"] = copied_answer_passes(np.array([a[cell] for a in chain]), 0.01, 0)
    print("\nchance that a copied right answer passes another learner's check (1,000 learners, all pairs):")
    for cell, share in rows.items():
        print(f"  {cell:34} {share:7.2%}")
    # without variants every one of these was 100 %
    for cell in ("demand_test", "holding_test", "eoq_test", "orders_test", "total_test", "sd_test", "ss_test"):
        assert rows[f"05_inventory/{cell}"] < 0.05, cell
    assert rows["05_inventory/rop_test"] < 0.05
    for cell in ("pack_test", "turnover_test", "batch_days_test"):
        assert rows[f"05_inventory/{cell}"] < 0.05, cell
    assert rows["05_inventory/z_test"] < 0.15  # 8 service levels: 1 in 8
    assert rows["05_inventory/eoq_factor_test"] < 0.2  # 6 multipliers: 1 in 6
    assert rows["05_inventory/extra_cost_test"] < 0.1
    assert max(rows[f"02_service_cycle/{cell}"] for cell in service[0]) < 0.15
    # 06: the container's weight (121 values) alone decides tonne-km, cost and CO2e; the rest mix several numbers
    for cell in chain[0]:
        assert rows[f"06_supply_chain/{cell}"] < 0.05, cell
    assert math.fsum(rows.values()) / len(rows) < 0.06
