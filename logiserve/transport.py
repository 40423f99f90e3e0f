"""Transport: moving goods by road, rail, sea or air, and choosing the mode for a shipment.

Supply chain logistics is more than moving goods from A to B: *how* they move decides what the
customer gets and what it costs.  Each **mode** has its own mix of cost, speed, capacity,
reliability and carbon.  Road is flexible and door to door, but dearer per tonne-km than rail or
sea and it emits more; rail and sea are cheap and low-carbon per tonne-km, but slower, and the
goods must be handled at a terminal or a port at each end (a fixed cost a shipment pays whatever
its weight); air is fast and reliable but many times the cost and the carbon of road, and a
booking takes only a few tonnes.

The work done by a shipment is measured in **tonne-kilometres** (tonne-km): one tonne carried one
kilometre.  Freight rates and carbon factors are given per tonne-km, so a shipment's cost
(:func:`freight_cost`) and its emissions (:func:`co2_kg`) both grow with the tonnes and the
distance.  Moving the same work to a lower-carbon mode is a **modal shift**
(:func:`modal_shift_saving`); filling one lorry instead of two half-empty ones is consolidation,
fewer vehicle journeys for the same tonne-km.

To choose a mode for a shipment, first drop the options that cannot do the job: too slow for the
days available, or too small for the tonnes (:func:`feasible_modes`); then take the cheapest of
the rest (:func:`choose_mode`).  The cheapest mode on paper is often not possible at all.

The options of one lane are rows of the ``lanes`` dataset (``logiserve.datasets.load("lanes")``):

====================  ==================================================================  ==============
column                meaning                                                             unit
====================  ==================================================================  ==============
mode                  road, rail, sea or air (:data:`MODES`)
distance_km           d, the distance the goods travel by that mode                       km
rate_per_tonne_km     r, the freight rate                                                 £ per tonne-km
fixed_cost            F, the cost of the shipment whatever its weight (terminals, ferry)  £
transit_days          days from collection to delivery                                    days
capacity_tonnes       the most one booking on that mode can carry                         tonnes
co2_g_per_tonne_km    e, the carbon factor                                                g CO2e per tonne-km
====================  ==================================================================  ==============

Symbols: w is the shipment's weight in tonnes.  Every function checks its arguments and explains,
in a ``ValueError``, what is wrong.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._numbers import number as _number

__all__ = [
    "MODES",
    "choose_mode",
    "co2_kg",
    "feasible_modes",
    "freight_cost",
    "modal_shift_saving",
    "tonne_km",
]

MODES: tuple[str, ...] = ("road", "rail", "sea", "air")
"""The transport modes, in the order the course lists them."""

_MEANING = {
    "tonnes": "the weight carried, in tonnes, such as 20",
    "distance_km": "the distance, in km, such as 310",
    "rate_per_tonne_km": "£ per tonne-km, such as 0.13",
    "fixed_cost": "£ per shipment, such as 60",
    "grams_per_tonne_km": "g CO2e per tonne-km, such as 95",
    "from_grams": "g CO2e per tonne-km of the mode left, such as 95",
    "to_grams": "g CO2e per tonne-km of the mode taken, such as 28",
    "days_available": "days until the goods are needed, such as 3",
}
_OPTION_COLUMNS = (
    "mode",
    "distance_km",
    "rate_per_tonne_km",
    "fixed_cost",
    "transit_days",
    "capacity_tonnes",
    "co2_g_per_tonne_km",
)


def _check(value: Any, name: str, function: str, *, zero: bool = False) -> float:
    return _number(value, name, function, _MEANING[name], zero=zero)


def tonne_km(tonnes: float, distance_km: float) -> float:
    """The transport work of a shipment: its weight times the distance, in tonne-km.

    Formula::

        tonne-km = w × d

    Parameters
    ----------
    tonnes : float
        w, the weight carried, in tonnes (more than 0).
    distance_km : float
        d, the distance, in km (more than 0).

    Returns
    -------
    float
        The work done, in tonne-km.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    A 20-tonne container carried 310 km from Felixstowe to Northgate:

    >>> tonne_km(20, 310)
    6200.0
    """
    return _check(tonnes, "tonnes", "tonne_km") * _check(distance_km, "distance_km", "tonne_km")


def freight_cost(tonnes: float, distance_km: float, rate_per_tonne_km: float, fixed_cost: float = 0.0) -> float:
    """The cost of one shipment: a fixed cost plus a rate for every tonne-km.

    Formula::

        cost = F + r × w × d

    Parameters
    ----------
    tonnes : float
        w, the weight carried, in tonnes (more than 0).
    distance_km : float
        d, the distance, in km (more than 0).
    rate_per_tonne_km : float
        r, the freight rate, in £ per tonne-km (more than 0).
    fixed_cost : float, default 0.0
        F, what the shipment costs whatever its weight (terminal lifts, port handling, a ferry
        crossing), in £ (0 or more).

    Returns
    -------
    float
        The cost of the shipment, in £ (GBP).

    Raises
    ------
    ValueError
        If an argument is not a finite number, or is not more than 0 (``fixed_cost``: is negative).

    Examples
    --------
    20 tonnes, Felixstowe to Northgate: by road 310 km at £0.13 per tonne-km with £60 for the port
    collection; by rail 330 km at £0.05 with £420 for the lifts at both terminals and the last
    kilometres by road.  Rail is cheaper for a full container, road for a small one:

    >>> round(freight_cost(20, 310, 0.13, fixed_cost=60), 2), round(freight_cost(20, 330, 0.05, fixed_cost=420), 2)
    (866.0, 750.0)
    >>> round(freight_cost(5, 310, 0.13, fixed_cost=60), 2), round(freight_cost(5, 330, 0.05, fixed_cost=420), 2)
    (261.5, 502.5)
    """
    function = "freight_cost"
    work = _check(tonnes, "tonnes", function) * _check(distance_km, "distance_km", function)
    rate = _check(rate_per_tonne_km, "rate_per_tonne_km", function)
    return _check(fixed_cost, "fixed_cost", function, zero=True) + rate * work


def co2_kg(tonnes: float, distance_km: float, grams_per_tonne_km: float) -> float:
    """The greenhouse gas a shipment emits, in kg of CO2 equivalent (CO2e).

    Formula::

        CO2e (kg) = w × d × e / 1000

    Parameters
    ----------
    tonnes : float
        w, the weight carried, in tonnes (more than 0).
    distance_km : float
        d, the distance, in km (more than 0).
    grams_per_tonne_km : float
        e, the mode's carbon factor, in g CO2e per tonne-km (more than 0): about 80 to 110 for a
        heavy goods vehicle, 25 to 35 for a freight train, 8 to 20 for a ship, 500 to 1,100 for air.

    Returns
    -------
    float
        kg CO2e.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    The 20-tonne container, 310 km by road at 95 g per tonne-km:

    >>> co2_kg(20, 310, 95)
    589.0
    """
    function = "co2_kg"
    work = _check(tonnes, "tonnes", function) * _check(distance_km, "distance_km", function)
    return work * _check(grams_per_tonne_km, "grams_per_tonne_km", function) / 1000


def modal_shift_saving(tonnes: float, distance_km: float, from_grams: float, to_grams: float) -> float:
    """The CO2e saved by moving a shipment from one mode to another over the same distance.

    Formula::

        saving (kg CO2e) = w × d × (e_from − e_to) / 1000

    A negative result is an increase (a shift to a mode with a higher carbon factor, such as air).
    The distance is the same for both modes: to compare routes of different lengths, subtract two
    :func:`co2_kg` results instead.

    Parameters
    ----------
    tonnes : float
        w, the weight carried, in tonnes (more than 0).
    distance_km : float
        d, the distance, in km (more than 0).
    from_grams : float
        e_from, the carbon factor of the mode left, in g CO2e per tonne-km (more than 0).
    to_grams : float
        e_to, the carbon factor of the mode taken, in g CO2e per tonne-km (more than 0).

    Returns
    -------
    float
        kg CO2e saved.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    The 20-tonne container, 310 km, from road (95 g) to rail (28 g):

    >>> modal_shift_saving(20, 310, 95, 28)
    415.4
    """
    function = "modal_shift_saving"
    work = _check(tonnes, "tonnes", function) * _check(distance_km, "distance_km", function)
    saved = _check(from_grams, "from_grams", function) - _check(to_grams, "to_grams", function)
    return work * saved / 1000


def _options(options: Any, function: str) -> pd.DataFrame:
    """``options`` checked to be one lane's rows with the columns a choice needs."""
    if not isinstance(options, pd.DataFrame):
        raise ValueError(f"{function}(): options must be a table (a pandas DataFrame) of one lane's modes")
    missing = [column for column in _OPTION_COLUMNS if column not in options.columns]
    if missing:
        raise ValueError(
            f"{function}() needs the columns {', '.join(_OPTION_COLUMNS)}; the table has no column {', '.join(missing)}"
        )
    if len(options) == 0:
        raise ValueError(f"{function}() needs at least one mode, but the table is empty")
    if "lane" in options.columns and options["lane"].nunique() > 1:
        lanes = ", ".join(map(str, options["lane"].unique()))
        raise ValueError(f"{function}(): options must be the modes of one lane, not of several ({lanes})")
    unknown = sorted(set(options["mode"]) - set(MODES))
    if unknown:
        raise ValueError(f"{function}(): mode must be one of {', '.join(MODES)}, not {', '.join(map(repr, unknown))}")
    for column in _OPTION_COLUMNS[1:]:
        values = pd.to_numeric(options[column], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise ValueError(f"{function}(): {column} must be a number, 0 or more, on every row")
    return options


def feasible_modes(options: pd.DataFrame, *, tonnes: float, days_available: float) -> pd.DataFrame:
    """The modes of one lane that can carry the shipment in time: fast enough and big enough.

    A mode is feasible when::

        transit_days <= days_available   and   capacity_tonnes >= w

    Parameters
    ----------
    options : pandas.DataFrame
        The rows of one lane (as in the ``lanes`` dataset), with the columns mode, distance_km,
        rate_per_tonne_km, fixed_cost, transit_days, capacity_tonnes and co2_g_per_tonne_km.
    tonnes : float
        w, the shipment's weight, in tonnes (more than 0).
    days_available : float
        Days from collection until the goods are needed (0 or more).

    Returns
    -------
    pandas.DataFrame
        The feasible rows of ``options`` (its columns, its index), possibly none.

    Raises
    ------
    ValueError
        If ``options`` lacks a column, is empty, holds several lanes or an unknown mode, or
        ``tonnes`` or ``days_available`` is not a valid number.

    Examples
    --------
    >>> import pandas as pd
    >>> lane = pd.DataFrame({
    ...     "mode": ["road", "rail"], "distance_km": [310, 330], "rate_per_tonne_km": [0.13, 0.05],
    ...     "fixed_cost": [60, 420], "transit_days": [1, 2], "capacity_tonnes": [26, 300],
    ...     "co2_g_per_tonne_km": [95, 28],
    ... })
    >>> feasible_modes(lane, tonnes=20, days_available=1)["mode"].tolist()  # rail takes 2 days
    ['road']
    >>> feasible_modes(lane, tonnes=40, days_available=5)["mode"].tolist()  # a lorry takes 26 t
    ['rail']
    """
    function = "feasible_modes"
    table = _options(options, function)
    weight = _check(tonnes, "tonnes", function)
    days = _check(days_available, "days_available", function, zero=True)
    keep = (table["transit_days"] <= days) & (table["capacity_tonnes"] >= weight)
    return table[keep]


def choose_mode(options: pd.DataFrame, *, tonnes: float, days_available: float) -> str:
    """The cheapest mode that can carry the shipment in time (ties: the one with less CO2e).

    Drop the modes that are too slow or too small (:func:`feasible_modes`), work out each one's
    :func:`freight_cost` for the shipment, and take the cheapest; when two cost the same (to the
    penny), the one that emits less (:func:`co2_kg`).

    Parameters
    ----------
    options : pandas.DataFrame
        The rows of one lane, as for :func:`feasible_modes`.
    tonnes : float
        w, the shipment's weight, in tonnes (more than 0).
    days_available : float
        Days from collection until the goods are needed (0 or more).

    Returns
    -------
    str
        The mode chosen: ``"road"``, ``"rail"``, ``"sea"`` or ``"air"``.

    Raises
    ------
    ValueError
        If no mode is feasible (the message says why each one is not), or the arguments are not
        valid as for :func:`feasible_modes`.

    Examples
    --------
    >>> import pandas as pd
    >>> lane = pd.DataFrame({
    ...     "mode": ["road", "rail"], "distance_km": [310, 330], "rate_per_tonne_km": [0.13, 0.05],
    ...     "fixed_cost": [60, 420], "transit_days": [1, 2], "capacity_tonnes": [26, 300],
    ...     "co2_g_per_tonne_km": [95, 28],
    ... })
    >>> choose_mode(lane, tonnes=20, days_available=3)  # rail £750, road £866
    'rail'
    >>> choose_mode(lane, tonnes=20, days_available=1)  # rail is cheaper but too slow
    'road'
    """
    function = "choose_mode"
    feasible = feasible_modes(options, tonnes=tonnes, days_available=days_available)
    if feasible.empty:
        reasons = [
            f"{row.mode} takes {row.transit_days:g} days and up to {row.capacity_tonnes:g} t"
            for row in options.itertuples(index=False)
        ]
        raise ValueError(
            f"{function}(): no mode can carry {tonnes:g} t within {days_available:g} days on this lane "
            f"({'; '.join(reasons)}); the shipment must be split, or the date moved"
        )
    weight = float(tonnes)
    cost = feasible["fixed_cost"] + feasible["rate_per_tonne_km"] * weight * feasible["distance_km"]
    carbon = feasible["co2_g_per_tonne_km"] * weight * feasible["distance_km"]
    ranked = pd.DataFrame({"cost": cost.round(2), "carbon": carbon, "mode": feasible["mode"]})
    return str(ranked.sort_values(["cost", "carbon"], kind="stable").iloc[0]["mode"])
