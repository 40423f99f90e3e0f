"""Small teaching datasets for the course, shipped as CSV files.

Use :func:`names` to see what is available, :func:`load` to get a table and
:func:`describe` to find out what each column means.

Examples
--------
>>> from logiserve import datasets
>>> datasets.names()
['complaints', 'demand', 'inbound', 'journey_feedback', 'lanes', 'orders', 'parties', 'shipments']
>>> parties = datasets.load("parties")
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from types import ModuleType

import pandas as pd

from logiserve.errors import LogiserveError

from . import _complaints, _demand, _inbound, _journey_feedback, _lanes, _orders, _parties, _shipments

__all__ = ["describe", "generate", "load", "names", "write"]  # DatasetError is raised, not called


class DatasetError(LogiserveError, ValueError):
    """No dataset by that name; the message lists the ones there are."""


_REGISTRY: dict[str, ModuleType] = {
    "complaints": _complaints,
    "demand": _demand,
    "inbound": _inbound,
    "journey_feedback": _journey_feedback,
    "lanes": _lanes,
    "orders": _orders,
    "parties": _parties,
    "shipments": _shipments,
}


def names() -> list[str]:
    """Return the names of the available datasets, sorted.

    Returns
    -------
    list of str
        Names that can be passed to :func:`load`, :func:`generate` and :func:`describe`.
    """
    return sorted(_REGISTRY)


def _resolve(name: str) -> tuple[str, ModuleType]:
    """Return the registered name and module for ``name`` or raise a friendly :class:`DatasetError`."""
    key = name.strip().lower() if isinstance(name, str) else name
    if key in _REGISTRY:
        return key, _REGISTRY[key]
    message = f"No dataset called {name!r}."
    close = difflib.get_close_matches(str(key), names(), n=1)
    if close:
        message += f" Did you mean {close[0]!r}?"
    raise DatasetError(f"{message} Datasets: {', '.join(names())}")


def load(name: str) -> pd.DataFrame:
    """Load a dataset from the CSV file shipped with the course.

    Parameters
    ----------
    name : str
        Name of the dataset (see :func:`names`). Case and surrounding spaces are ignored.

    Returns
    -------
    pandas.DataFrame
        A fresh copy of the table; changing it does not change the file.

        ``parties`` (45 people, teams and organisations that Northgate
        Distribution Centre deals with, one row each, with the facts the
        course's customer rule is applied to) has the columns party_id, name,
        party_type, description, inside_organisation, we_provide,
        provided_for, they_provide, pays_us, we_pay_them, regulates_us,
        orders_per_week and annual_revenue_gbp. we_provide says what goes
        from Brightwater to the party ("" if nothing), provided_for whose
        need it meets ("them", "us", "the law" or ""), and they_provide what
        the party supplies to Brightwater ("" if nothing).

        ``orders`` (about 2,000 order lines that Northgate shipped to its external
        customers over 12 weeks from 5 January 2026) has the columns order_id,
        line_no, customer, customer_type, channel, carrier, order_date,
        promised_date, delivered_date, week, sku, qty_ordered, qty_delivered,
        picked_correctly, damaged, documents_correct, complaint,
        resolution_hours and sla_target_hours. The
        three date columns are read as dates (datetime64) and resolution_hours
        is empty (NaN) on orders without a complaint.

        ``journey_feedback`` (about 300 of Northgate's customers scoring each
        touchpoint of their journey, from the enquiry to the invoice, on the 1-to-5
        CSAT scale, with the score they expected; one row per customer per
        touchpoint) has the columns customer_id, customer_type, touchpoint, step,
        expected, score and reordered_90d.

        ``complaints`` (about 300 complaints logged by Northgate's customer service
        desk from 1 July to 30 September 2026) has the columns complaint_id,
        received, channel, customer_type, category, root_cause,
        hours_to_acknowledge, ack_sla_hours, hours_to_resolve, resolve_sla_hours
        and escalated. The received column is read as a date and time (datetime64).

        ``demand`` (a year of daily demand, 1 January to 31 December 2025, for 20
        of Brightwater's garden products; one row per SKU per day, 7,300 rows) has
        the columns sku, description, date, units, unit_cost, order_cost,
        holding_rate, lead_time_days and lead_time_sd_days. The date column is
        read as a date (datetime64); the cost and lead-time columns repeat the
        same value on every row of an SKU.

        ``lanes`` (Northgate's five transport lanes and the modes that serve each, one row per
        lane and mode, 12 rows) has the columns lane, origin, destination, mode, carrier, route,
        distance_km, rate_per_tonne_km, fixed_cost, transit_days, capacity_tonnes, reliability and
        co2_g_per_tonne_km.

        ``shipments`` (26 shipments waiting for a mode to be chosen, each on one of the lanes) has
        the columns shipment, lane, tonnes, days_available and description.

        ``inbound`` (about 150 deliveries to Northgate from five suppliers, ordered January to June
        2026) has the columns po, supplier, sku, order_date, ordered_qty, received_qty,
        rejected_qty, booked_date, arrived_date and lead_time_days. The three date columns are read
        as dates (datetime64).

        Use :func:`describe` to see what each column means.

    Raises
    ------
    ValueError
        If there is no dataset called ``name``.

    Examples
    --------
    >>> parties = load("parties")
    >>> parties.columns[0]
    'party_id'
    """
    key, module = _resolve(name)
    csv = resources.files(__name__).joinpath("data", f"{key}.csv")
    dates = [column for column, dtype in module.DTYPES.items() if dtype.startswith("datetime64")]
    empty_is_nan = {column: [""] for column, dtype in module.DTYPES.items() if dtype.startswith("float")}
    with csv.open("r", encoding="utf-8", newline="") as handle:  # type: ignore[call-overload]  # typeshed lacks newline
        frame = pd.read_csv(
            handle,
            dtype={column: dtype for column, dtype in module.DTYPES.items() if column not in dates},
            keep_default_na=False,  # only an empty cell in a float column is missing; text stays text
            na_values=empty_is_nan,
            parse_dates=dates,
        )
    return frame[list(module.COLUMNS)].astype(module.DTYPES)


def generate(name: str, seed: int | None = None) -> pd.DataFrame:
    """Rebuild a dataset from its recipe.

    Parameters
    ----------
    name : str
        Name of the dataset (see :func:`names`).
    seed : int, optional
        Seed for the random number generator. The default is the seed the
        shipped CSV file was made with, so ``generate(name)`` equals ``load(name)``.

    Returns
    -------
    pandas.DataFrame
        The same seed always gives the same table.

    Raises
    ------
    ValueError
        If there is no dataset called ``name``.
    """
    _, module = _resolve(name)
    return module.generate(module.SEED if seed is None else seed)


def describe(name: str) -> dict[str, str]:
    """Explain each column of a dataset in plain English.

    Parameters
    ----------
    name : str
        Name of the dataset (see :func:`names`).

    Returns
    -------
    dict of str to str
        Column name -> what the column means, with units where there are any.

    Raises
    ------
    ValueError
        If there is no dataset called ``name``.
    """
    return dict(_resolve(name)[1].COLUMNS)


def write(name: str, folder: str | Path | None = None) -> Path:
    """Write ``generate(name)`` to ``<folder>/<name>.csv`` (for maintainers).

    Parameters
    ----------
    name : str
        Name of the dataset (see :func:`names`).
    folder : str or pathlib.Path, optional
        Where to write. Defaults to the ``data`` folder inside this package,
        which is what :func:`load` reads.

    Returns
    -------
    pathlib.Path
        Path of the file written.
    """
    key, _ = _resolve(name)
    frame = generate(key)
    target = Path(str(resources.files(__name__).joinpath("data"))) if folder is None else Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{key}.csv"
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path
