"""The world of the course: one set of names, places, targets and clocks for every page.

Brightwater Home & Garden Ltd, its Northgate Distribution Centre and the parties it deals with
are described once, in ``logiserve/world.yaml`` (shipped with the package).  The datasets take
their customers' names and SLA clocks from it, :mod:`logiserve.kpis` its OTIF rules, and the tests
in ``tests/world`` check every notebook and exercise file against it.

>>> from logiserve import world
>>> w = world.load()
>>> w.party("Fresco").name
'Fresco Foods RDC Doncaster'
>>> w.delivery_sla.otif_target
0.95
>>> w.complaint_clock("retail_dc")
(4, 48)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from logiserve import _jsonschema
from logiserve.errors import LogiserveError

__all__ = ["DeliverySla", "Party", "Site", "World", "WorldError", "load", "parse"]


class WorldError(LogiserveError, ValueError):
    """The world file is broken; the message lists every problem."""


@dataclass(frozen=True)
class Party:
    """Someone outside Brightwater that Northgate deals with.

    ``kind`` is the parties dataset's ``party_type``; ``customer_type`` (``""`` if none) the kind
    of customer account it orders on, as the orders and complaints datasets name it.
    """

    name: str
    short_name: str
    kind: str
    place: str
    customer_type: str = ""
    role: str = ""


@dataclass(frozen=True)
class Site:
    """One of Brightwater's own places."""

    name: str
    short_name: str
    kind: str
    place: str


@dataclass(frozen=True)
class DeliverySla:
    """What Brightwater's delivery SLA says a delivery must do, and where it is measured.

    Attributes
    ----------
    otif_target:
        Share of orders that must be on time and in full.
    unit:
        What one OTIF count is: ``"order"``, ``"line"`` or ``"unit"``.
    point_of_measurement:
        ``"receipt"`` (the customer's delivered date) or ``"despatch"``.
    booked_slot:
        Customer types whose deliveries are booked into a slot on the promised day, so a delivery
        on any other day, earlier or later, is not on time.
    by_promised_day:
        Customer types for whom a delivery on or before the promised day is on time.
    in_full:
        What "in full" means, in words.
    despatch_cut_off:
        Time of day (``"HH:MM"``) by which an order must arrive to leave the next working day.
    """

    otif_target: float
    unit: str
    point_of_measurement: str
    booked_slot: tuple[str, ...]
    by_promised_day: tuple[str, ...]
    in_full: str
    despatch_cut_off: str


@dataclass(frozen=True)
class World:
    """The whole world file, read and checked."""

    organisation: dict[str, str]
    sites: tuple[Site, ...]
    parties: tuple[Party, ...]
    delivery_sla: DeliverySla
    complaint_sla: dict[str, tuple[int, int]]
    cycle_service_level: float
    focus_sku: str

    def party(self, name: str) -> Party:
        """The party called ``name`` (its full or short name, any case); ``KeyError`` if none."""
        wanted = name.casefold()
        for party in self.parties:
            if wanted in (party.name.casefold(), party.short_name.casefold()):
                return party
        raise KeyError(f"no party called {name!r} in the world file")

    def customers(self, customer_type: str | None = None) -> tuple[Party, ...]:
        """The parties that order through Northgate, optionally only those of one customer type."""
        return tuple(p for p in self.parties if p.customer_type and customer_type in (None, p.customer_type))

    def complaint_clock(self, customer_type: str) -> tuple[int, int]:
        """(hours to acknowledge, hours to resolve) a complaint from a customer of this type."""
        try:
            return self.complaint_sla[customer_type]
        except KeyError:
            raise KeyError(f"the world file has no complaint SLA for {customer_type!r}") from None

    @property
    def names(self) -> frozenset[str]:
        """Every name of a party, site or the organisation, full and short."""
        names = {self.organisation["name"], self.organisation["short_name"]}
        entries: tuple[Party | Site, ...] = (*self.parties, *self.sites)
        for entry in entries:
            names |= {entry.name, entry.short_name}
        return frozenset(names)


def parse(data: Any) -> World:
    """A :class:`World` from the parsed YAML; :class:`WorldError` listing every problem."""
    schema = json.loads(resources.files("logiserve").joinpath("world.schema.json").read_text("utf-8"))
    errors = sorted(_jsonschema.validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors]
    if not problems:
        problems = _cross_checks(data)
    if problems:
        raise WorldError("logiserve/world.yaml is not valid:\n  " + "\n  ".join(problems))
    sla = data["delivery_sla"]
    return World(
        organisation=dict(data["organisation"]),
        sites=tuple(Site(**site) for site in data["sites"]),
        parties=tuple(Party(**party) for party in data["parties"]),
        delivery_sla=DeliverySla(
            otif_target=float(sla["otif_target"]),
            unit=sla["unit"],
            point_of_measurement=sla["point_of_measurement"],
            booked_slot=tuple(sla["on_time"]["booked_slot"]),
            by_promised_day=tuple(sla["on_time"]["by_promised_day"]),
            in_full=sla["in_full"],
            despatch_cut_off=sla["despatch_cut_off"],
        ),
        complaint_sla={
            kind: (clock["acknowledge_hours"], clock["resolve_hours"]) for kind, clock in data["complaint_sla"].items()
        },
        cycle_service_level=float(data["inventory"]["cycle_service_level"]),
        focus_sku=data["inventory"]["focus_sku"],
    )


def _cross_checks(data: dict[str, Any]) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    for entry in (*data["parties"], *data["sites"]):
        for key in ("name", "short_name"):
            folded = entry[key].casefold()
            if folded in seen and seen[folded] != entry["name"]:
                problems.append(f"{entry[key]!r} names both {seen[folded]!r} and {entry['name']!r}")
            seen[folded] = entry["name"]
    kinds = {p["customer_type"] for p in data["parties"] if "customer_type" in p}
    on_time = data["delivery_sla"]["on_time"]
    both = set(on_time["booked_slot"]) & set(on_time["by_promised_day"])
    if both:
        problems.append(f"delivery_sla/on_time: {sorted(both)} cannot be both booked_slot and by_promised_day")
    no_rule = kinds - set(on_time["booked_slot"]) - set(on_time["by_promised_day"])
    problems += [f"delivery_sla/on_time: customer type {kind!r} has no on-time rule" for kind in sorted(no_rule)]
    no_clock = kinds - set(data["complaint_sla"])
    problems += [f"complaint_sla: customer type {kind!r} has no complaint clock" for kind in sorted(no_clock)]
    for kind, clock in data["complaint_sla"].items():
        if clock["acknowledge_hours"] > clock["resolve_hours"]:
            problems.append(f"complaint_sla/{kind}: acknowledging cannot take longer than resolving")
    return problems


@cache
def load() -> World:
    """The course's world, from ``logiserve/world.yaml``."""
    text = resources.files("logiserve").joinpath("world.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))
