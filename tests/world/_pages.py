"""The course's pages as text, and what they state about the world: names, places, targets, clocks.

A *page* is anything a learner or a tutor reads: each notebook's cells (markdown, code and the
stored text outputs), each exercise file's strings, the datasets' descriptions.  The readers below
find statements by their shape, not by a list of known mistakes: any capitalised name ending in
an organisation word, any party followed by a place, any percentage called a target, any number of
hours to acknowledge or resolve a complaint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from logiserve import glossary, world

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "course" / "source"

# The last word of an organisation's name.
ORG_WORDS = (
    "Ltd", "Limited", "plc", "Group", "Haulage", "Parcels", "Network", "Foods", "Foodstores", "Centres",
    "Carry", "Interiors", "Hotels", "Trust", "Council", "Cafes", "Wholesale", "Ceramics", "Packaging",
    "Logistics", "Stores", "Freight", "Express", "Supplies", "Transport", "Bank", "Insurance", "Software",
    "Recruitment", "Leasing", "Association", "Union", "Bathware", "Homeware", "Couriers", "Distribution",
    "Supermarkets", "DC", "RDC", "Shipping", "Cargo", "Ferries", "Terminal",
)  # fmt: skip
# Names that end in an organisation word but are not parties of the world.
NOT_PARTIES = frozenset(
    {
        "Scandinavian Airlines",
        "Supply Chain Logistics",  # the unit's title
        "Customer Service for Supply Chain Logistics",
        "Third Party Logistics",
    }
)
_START_WORDS = frozenset(
    [
        "A",
        "An",
        "The",
        "Our",
        "Your",
        "Each",
        "Every",
        "At",
        "For",
        "From",
        "To",
        "By",
        "With",
        "And",
        "Or",
        "Of",
        "In",
        "On",
        "Is",
    ]
)
_NAME = re.compile(
    r"(?:[A-Z][\w'’&.]*|&)(?:(?:[ -]|\n(?!\n))(?:[A-Z][\w'’&.]*|&|do|de|of))*(?:[ -]|\n(?!\n))(?:"
    + "|".join(ORG_WORDS)
    + r")\b"
)
# Towns a page might place a party in; the world's own places are added.
TOWNS = frozenset(
    ["Leeds", "Wakefield", "Castleford", "Halifax", "Doncaster", "Normanton", "Bradford", "Huddersfield",
     "Sheffield", "Hull", "Barnsley", "York", "Dewsbury", "Pontefract", "Rotherham", "Harrogate", "Calderdale",
     "Dublin", "Manchester", "Birmingham"]
)  # fmt: skip


@dataclass(frozen=True)
class Statement:
    page: str
    text: str


def pages() -> Iterator[Statement]:
    """Every page's text, one statement per cell or string, glossary blocks left out."""
    for path in sorted(SOURCE.glob("*/*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            where = f"{path.relative_to(ROOT)} cell {index}"
            yield Statement(where, glossary.strip(cell.source))
            for output in cell.get("outputs", []):
                text = output.get("text") or output.get("data", {}).get("text/plain", "")
                if text:
                    yield Statement(where + " (output)", "".join(text))
    for path in sorted(SOURCE.glob("*/exercises.yaml")):
        for key, text in _strings(yaml.safe_load(path.read_text("utf-8")), ""):
            yield Statement(f"{path.relative_to(ROOT)} {key}", text)
    for path in sorted((ROOT / "datasets").glob("_*.py")):
        yield Statement(str(path.relative_to(ROOT)), path.read_text("utf-8"))


def _strings(data: object, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from _strings(value, f"{key}/{name}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{key}/{index}")


def sentences(text: str) -> list[str]:
    """``text`` cut at full stops, question marks, line ends and table cells."""
    return [s for s in re.split(r"(?<=[.!?])\s+|\n|\|", text) if s.strip()]


def organisation_names(text: str) -> list[str]:
    """Every capitalised name in ``text`` that ends in an organisation word, leading small words cut."""
    names = []
    for match in _NAME.finditer(text):
        words = match.group().split()
        while len(words) > 1 and words[0] in _START_WORDS:
            words = words[1:]
        if len(words) > 1:  # not "A DC" or "The Group"
            names.append(" ".join(words))
    return names


def known_name(name: str, w: world.World) -> bool:
    """Whether ``name`` is a world name, the start of one, or a world name with "DC" after it."""
    known = {n.casefold() for n in w.names} | {n.casefold() for n in NOT_PARTIES}
    name = re.sub(r"['’]s\b", "", name)  # "Fresco's DC"
    candidates = [name, re.sub(r"\s*(?:Regional\s+)?R?DC$", "", name)]
    words = name.split()
    candidates += [" ".join(words[i:]) for i in range(1, len(words) - 1)]  # "Ask Greenacre Garden Centres"
    for candidate in candidates:
        folded = candidate.casefold().strip()
        if not folded:
            continue
        if folded in known or any(k.startswith(folded + " ") for k in known):
            return True
    return False


def places(w: world.World) -> frozenset[str]:
    return TOWNS | {p.place for p in (*w.parties, *w.sites)}


def misplaced(text: str, w: world.World) -> list[str]:
    """ "<party or site> in/at/near/, <town>" where the town is not the world's place for it."""
    found = []
    towns = "|".join(sorted(places(w), key=len, reverse=True))
    for entry in (*w.parties, *w.sites):
        names = {entry.name, entry.short_name, entry.short_name.removeprefix("the ")}
        if entry.kind == "shop":
            names |= {"outlet shop", "factory outlet shop", "Factory Outlet Shop"}
        for name in names:
            if len(name) < 4 or name in {"Brightwater", "Northgate", "head office"}:
                continue
            pattern = (
                re.escape(name)
                + r"(?:'s)?(?:\s+(?:shop|store|site|depot|branch))?(?:,|\s+in|\s+at|\s+near|\s+-|\s+–)\s+("
                + towns
                + r")\b"
            )
            before = r"\b(" + towns + r")(?:'s)?\s+" + re.escape(name)  # "the Halifax outlet shop"
            for regex in (pattern, before):
                for match in re.finditer(regex, text, flags=re.IGNORECASE):
                    inside_a_name = any(
                        match.group().casefold() in n.casefold() for n in w.names
                    )  # "Yorkshire Ridings Bank"
                    if match.group(1).casefold() != entry.place.casefold() and not inside_a_name:
                        found.append(f"{match.group()!r} (the world has {entry.name} in {entry.place})")
    return found


_TARGET = re.compile(
    r"(\d+(?:\.\d+)?)\s?%\s*(?:OTIF\s+|SLA\s+|OTIF\s+SLA\s+|service-level\s+)?target"
    r"|target(?:\s+of|\s+is|\s+at|\s+was|:)?\s+(?:of\s+)?(\d+(?:\.\d+)?)\s?%"
)


def targets(text: str, w: world.World) -> list[str]:
    """Percentages called a target that disagree with the world's OTIF or cycle-service-level target."""
    wrong = []
    for sentence in sentences(text):
        otif = re.search(r"OTIF|DIFOT|on time,? in full", sentence, flags=re.IGNORECASE)
        csl = re.search(r"cycle service level|service level (?!agreement)", sentence, flags=re.IGNORECASE)
        for match in _TARGET.finditer(sentence):
            value = float(match.group(1) or match.group(2)) / 100
            if otif and not csl and abs(value - w.delivery_sla.otif_target) > 1e-9:
                wrong.append(
                    f"{sentence.strip()!r}: an OTIF target of {value:.0%}; the SLA says "
                    f"{w.delivery_sla.otif_target:.0%}"
                )
            if csl and not otif and abs(value - w.cycle_service_level) > 1e-9:
                wrong.append(
                    f"{sentence.strip()!r}: a service-level target of {value:.0%}; Northgate's is "
                    f"{w.cycle_service_level:.0%}"
                )
    return wrong


_HOURS = re.compile(r"(?<![\d.])(\d+)(?:\s?h\b|\s?hours?\b|-hour\b)")
_TYPE_WORDS = {
    "retail_dc": r"retail DCs?|retailers?'? (?:R?DCs?|distribution centres?)|supermarket",
    "wholesaler": r"wholesalers?|cash (?:&|and) carry",
    "garden_centre": r"garden centres?",
    "contract_client": r"contract clients?|3PL client",
    "business_buyer": r"business buyers?|hotels?|schools? trust",
    "e_commerce": r"online shoppers?|e-commerce|consumers?|marketplace shoppers?",
}


def complaint_clocks(text: str, w: world.World) -> list[str]:
    """Hours to acknowledge or to resolve a complaint that no world clock (for that customer) has."""
    wrong = []
    for sentence in sentences(text):
        ack = re.search(r"acknowledg|respon|repl(?:y|ies)", sentence, flags=re.IGNORECASE)
        res = re.search(r"resol|fix(?:ed)? within|clos(?:e|ed) within", sentence, flags=re.IGNORECASE)
        if not (ack or res) or not re.search(r"complain", sentence + text[:0], flags=re.IGNORECASE):
            continue
        hours = [int(m.group(1)) for m in _HOURS.finditer(sentence)]
        if hours:  # "within 4 hours and a resolution within 24": the unit said once
            hours += [int(n) for n in re.findall(r"within (\d+)\b(?![\s-]*(?:%|h\b|hours?|days?|minutes?))", sentence)]
        if not hours:
            continue
        kinds = _customer_types(sentence, w)
        clocks = [w.complaint_clock(k) for k in kinds] or list(w.complaint_sla.values())
        allowed = set()
        if ack:
            allowed |= {a for a, _ in clocks}
        if res:
            allowed |= {r for _, r in clocks}
        wrong += [
            f"{sentence.strip()!r}: {h} hours is no complaint clock of the world's"
            + (f" for {', '.join(kinds)}" if kinds else "")
            for h in hours
            if h not in allowed
        ]
    return wrong


def _customer_types(sentence: str, w: world.World) -> list[str]:
    kinds = {
        p.customer_type
        for p in w.customers()
        if re.search(rf"\b(?:{re.escape(p.name)}|{re.escape(p.short_name)})\b", sentence)
    }
    kinds |= {k for k, words in _TYPE_WORDS.items() if re.search(rf"\b(?:{words})\b", sentence, flags=re.IGNORECASE)}
    return sorted(kinds)
