"""Inventory: the economic order quantity (EOQ), safety stock and the reorder point.

Every purchase order costs money to place (raising it, the supplier's delivery charge,
booking in and checking the goods), so ordering **more at a time** means fewer orders and a
lower annual ordering cost.  But the stock we buy sits on the shelf until customers take
it, and every unit there costs money to hold (the cash tied up, the racking space,
insurance, damage and obsolescence), so ordering more at a time also means **more cycle
stock** and a higher annual holding cost.  The economic order quantity (:func:`eoq`) is
the order size that balances the two: at the EOQ the annual ordering cost equals the
annual holding cost and their total (:func:`total_annual_cost`) is as low as it can be.

Demand and supplier lead times vary, so a DC keeps **safety stock** on top of the cycle
stock to protect the customer against a stock-out while a replenishment is on its way.
The higher the service level we promise (the chance of getting through a replenishment
cycle without a stock-out), the more safety stock we need (:func:`safety_stock`), and the
more it costs to hold (:func:`safety_stock_holding_cost`): the trade-off is now between
holding cost and the cost of letting customers down.  We reorder when the stock falls to
the **reorder point** (:func:`reorder_point`): the demand expected during the lead time
plus the safety stock.

The EOQ is a model, with assumptions: demand steady and known, a fixed cost per order
whatever its size, a holding cost in proportion to the stock held, the whole order arriving
at once, no quantity discounts and no stock-outs.  So it is a starting point: an order is
placed in whole cases or pallets and at least the supplier's minimum order quantity
(:func:`round_to_pack`), and a seasonal item needs a different quantity in its busy and
quiet months.  How hard the stock works is measured by its **inventory turnover**
(:func:`inventory_turnover`, from the average stock held, :func:`average_stock`) and the
**days of inventory** it holds (:func:`days_of_inventory`).

Symbols used throughout:

======  ================================================================  ===============
symbol  meaning                                                           unit
======  ================================================================  ===============
D       annual demand                                                     units per year
S       order cost: the cost of placing one purchase order                £ per order
H       holding cost: the cost of holding one unit in stock for a year    £ per unit per year
Q       order quantity                                                    units per order
c       unit cost: what we pay the supplier for one unit                  £ per unit
r       holding rate: holding cost as a share of the unit cost            share per year
d̄       mean demand per period (for example per day)                      units per period
σd      standard deviation of demand per period                           units per period
L       mean supplier lead time, in the same periods                      periods
σL      standard deviation of the lead time                               periods
z       safety factor for the cycle service level                         (none)
SS      safety stock                                                      units
======  ================================================================  ===============

Every function checks its arguments and explains, in a ``ValueError``, what is wrong:
text or True/False where a number belongs, an empty (NaN) or infinite number, a
quantity or cost of zero or less, or a share (service level, holding rate) given as a
percentage such as 95 instead of 0.95.  Plain ints, floats and numpy numbers are all
accepted; every result is a float.
"""

from __future__ import annotations

import math
import numbers
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from . import _numbers
from ._tables import shown as _shown

__all__ = [
    "abc_classes",
    "annual_holding_cost",
    "annual_ordering_cost",
    "average_stock",
    "days_of_inventory",
    "demand_sd_over_lead_time",
    "eoq",
    "holding_cost_per_unit",
    "inventory_turnover",
    "orders_per_year",
    "reorder_point",
    "round_to_pack",
    "safety_stock",
    "safety_stock_holding_cost",
    "total_annual_cost",
    "z_for_service_level",
]

# argument -> what it is, for messages (the unit, and an example value)
_MEANING: dict[str, str] = {
    "annual_demand": "units demanded per year, such as 12000",
    "order_cost": "£ per purchase order, such as 50",
    "holding_cost": "£ per unit per year, such as 2.40",
    "order_quantity": "units per order, such as 700",
    "unit_cost": "£ per unit, such as 9.60",
    "holding_rate": "a share of the unit cost per year, such as 0.25 for 25 %",
    "service_level": "a share between 0 and 1, such as 0.95 for 95 %",
    "demand_sd": "the standard deviation of demand, in units per period, such as 12",
    "lead_time": "the mean lead time, in periods such as days, such as 10",
    "lead_time_sd": "the standard deviation of the lead time, in the same periods, such as 2",
    "mean_demand": "the mean demand, in units per period, such as 33",
    "safety_stock": "units of safety stock, such as 62",
    "annual_value": "£ per year",
    "quantity": "units, such as 707",
    "pack_size": "units in one case or pallet, such as 12",
    "minimum": "the supplier's minimum order quantity, in units, such as 500",
    "annual_usage": "units sold a year (or the cost of goods sold, £ a year), such as 11800",
    "average_inventory": "the average stock held, in the same measure as the usage (units or £), such as 480",
    "turnover": "times a year, such as 24",
    "days": "days in the year, such as 365",
    "a": "a cumulative share between 0 and 1, such as 0.8 for 80 %",
    "b": "a cumulative share between 0 and 1, such as 0.95 for 95 %",
}

_TOLERANCE = 1e-9  # a cumulative share this close to an ABC limit counts as reaching it


def _percent(value: float) -> str:
    """``value`` as a share, for the hint "give 95 % as 0.95"."""
    return f"give {value:g} % as {value / 100:g}"


def _number(value: Any, name: str, function: str, *, zero: bool = False) -> float:
    """``value`` checked to be a finite number more than 0 (or 0 or more when ``zero``), as a float.

    ``name`` is the argument's name and ``function`` the public function's, for the
    message of the ``ValueError`` raised when the value is not right (see :func:`._numbers.number`).
    """
    return _numbers.number(value, name, function, _MEANING[name], zero=zero)


def _share(value: Any, name: str, function: str, share: str = "a share between 0 and 1") -> float:
    """``value`` checked to be a share more than 0 and at most 1, as a float (``share`` says what it is)."""
    number = _number(value, name, function)
    if 1 < number <= 100:
        raise ValueError(f"{function}(): {name} must be {share}, not {_shown(value)}; {_percent(number)}")
    if number > 1:
        raise ValueError(
            f"{function}(): {name} must be more than 0 and at most 1 ({_MEANING[name]}), not {_shown(value)}"
        )
    return number


def _service_level(value: Any, function: str) -> float:
    """``value`` checked to be a service level strictly between 0 and 1, as a float."""
    level = _number(value, "service_level", function, zero=True)
    if 1 < level <= 100:
        raise ValueError(
            f"{function}(): service_level must be a share between 0 and 1, not {_shown(value)}; {_percent(level)}"
        )
    if level == 0:
        raise ValueError(
            f"{function}(): service_level must be more than 0 and less than 1 ({_MEANING['service_level']}), "
            f"not {_shown(value)}; a service level of 0 would mean running out in every cycle"
        )
    if level >= 1:
        raise ValueError(
            f"{function}(): service_level must be more than 0 and less than 1 ({_MEANING['service_level']}), "
            f"not {_shown(value)}; no amount of safety stock makes a stock-out impossible (100 %)"
        )
    return level


def eoq(annual_demand: float, order_cost: float, holding_cost: float) -> float:
    """The economic order quantity (EOQ): the order size with the lowest total annual cost.

    Ordering in bigger batches means fewer orders (a lower annual ordering cost) but more
    stock on the shelf (a higher annual holding cost).  The EOQ is where the two are equal
    and their sum, the total annual cost, is lowest.

    Formula::

        EOQ = sqrt(2 × D × S / H)

    Parameters
    ----------
    annual_demand : float
        D, the annual demand, in units per year (more than 0).
    order_cost : float
        S, the cost of placing one purchase order, in £ per order (more than 0).
    holding_cost : float
        H, the cost of holding one unit in stock for a year, in £ per unit per year
        (more than 0); see :func:`holding_cost_per_unit`.

    Returns
    -------
    float
        The EOQ, in units per order (not rounded: round it up to a whole unit, or to a
        full case or pallet, when you place the order).

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    Northgate sells 12,000 garden planters a year; a purchase order costs £50 to place
    and holding one planter for a year costs £2.40.

    >>> round(eoq(12_000, 50, 2.40), 1)
    707.1
    """
    demand = _number(annual_demand, "annual_demand", "eoq")
    order = _number(order_cost, "order_cost", "eoq")
    holding = _number(holding_cost, "holding_cost", "eoq")
    return math.sqrt(2 * demand * order / holding)


def orders_per_year(annual_demand: float, order_quantity: float) -> float:
    """How many purchase orders a year it takes to meet the demand with orders of ``order_quantity``.

    Formula::

        orders per year = D / Q

    Parameters
    ----------
    annual_demand : float
        D, the annual demand, in units per year (more than 0).
    order_quantity : float
        Q, the units bought on each order (more than 0).

    Returns
    -------
    float
        Orders per year (not rounded: 16.97 orders a year is about 17).

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    12,000 planters a year, bought 750 at a time:

    >>> orders_per_year(12_000, 750)
    16.0
    """
    demand = _number(annual_demand, "annual_demand", "orders_per_year")
    quantity = _number(order_quantity, "order_quantity", "orders_per_year")
    return demand / quantity


def annual_ordering_cost(annual_demand: float, order_cost: float, order_quantity: float) -> float:
    """The cost of placing a year's purchase orders: orders per year × cost per order.

    Formula::

        annual ordering cost = D / Q × S

    Parameters
    ----------
    annual_demand : float
        D, the annual demand, in units per year (more than 0).
    order_cost : float
        S, the cost of placing one purchase order, in £ per order (more than 0).
    order_quantity : float
        Q, the units bought on each order (more than 0).

    Returns
    -------
    float
        The annual ordering cost, in £ per year.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    12,000 planters a year, bought 750 at a time (16 orders) at £50 an order:

    >>> annual_ordering_cost(12_000, 50, 750)
    800.0
    """
    demand = _number(annual_demand, "annual_demand", "annual_ordering_cost")
    order = _number(order_cost, "order_cost", "annual_ordering_cost")
    quantity = _number(order_quantity, "order_quantity", "annual_ordering_cost")
    return demand / quantity * order


def annual_holding_cost(holding_cost: float, order_quantity: float) -> float:
    """The cost of holding the cycle stock for a year: average cycle stock × holding cost.

    Stock arrives ``order_quantity`` at a time and falls steadily to zero before the next
    delivery, so on average half an order is on the shelf.  This is the holding cost of
    the **cycle stock only**: the safety stock costs more on top
    (:func:`safety_stock_holding_cost`).

    Formula::

        annual holding cost = Q / 2 × H

    Parameters
    ----------
    holding_cost : float
        H, the cost of holding one unit in stock for a year, in £ per unit per year
        (more than 0).
    order_quantity : float
        Q, the units bought on each order (more than 0).

    Returns
    -------
    float
        The annual holding cost of the cycle stock, in £ per year.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    Planters bought 750 at a time (375 on the shelf on average) at £2.40 per unit per year:

    >>> annual_holding_cost(2.40, 750)
    900.0
    """
    holding = _number(holding_cost, "holding_cost", "annual_holding_cost")
    quantity = _number(order_quantity, "order_quantity", "annual_holding_cost")
    return quantity / 2 * holding


def total_annual_cost(
    annual_demand: float,
    order_cost: float,
    holding_cost: float,
    order_quantity: float,
    *,
    unit_cost: float | None = None,
) -> float:
    """The total annual cost of ordering ``order_quantity`` at a time: ordering plus holding.

    Without ``unit_cost`` this is the cost the order size controls, the one the EOQ
    minimises.  With ``unit_cost`` it also includes the purchase cost of a year's demand,
    D × c, which is the same whatever the order size (no quantity discounts).

    Formula::

        total annual cost = D / Q × S + Q / 2 × H            (without unit_cost)
        total annual cost = D / Q × S + Q / 2 × H + D × c    (with unit_cost)

    Parameters
    ----------
    annual_demand : float
        D, the annual demand, in units per year (more than 0).
    order_cost : float
        S, the cost of placing one purchase order, in £ per order (more than 0).
    holding_cost : float
        H, the cost of holding one unit in stock for a year, in £ per unit per year
        (more than 0).
    order_quantity : float
        Q, the units bought on each order (more than 0).
    unit_cost : float, optional
        c, the price paid to the supplier for one unit, in £ per unit (more than 0).
        Keyword only.

    Returns
    -------
    float
        The total annual cost, in £ per year.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    12,000 planters a year, £50 an order, £2.40 per unit per year, bought 750 at a time
    (£800 ordering + £900 holding):

    >>> total_annual_cost(12_000, 50, 2.40, 750)
    1700.0

    With the purchase cost of the planters at £9.60 each (12,000 × £9.60 = £115,200):

    >>> total_annual_cost(12_000, 50, 2.40, 750, unit_cost=9.60)
    116900.0

    At the EOQ, about 707 planters, the total is lowest:

    >>> round(total_annual_cost(12_000, 50, 2.40, eoq(12_000, 50, 2.40)), 2)
    1697.06
    """
    function = "total_annual_cost"
    demand = _number(annual_demand, "annual_demand", function)
    order = _number(order_cost, "order_cost", function)
    holding = _number(holding_cost, "holding_cost", function)
    quantity = _number(order_quantity, "order_quantity", function)
    total = demand / quantity * order + quantity / 2 * holding
    if unit_cost is not None:
        total += demand * _number(unit_cost, "unit_cost", function)
    return total


def holding_cost_per_unit(unit_cost: float, holding_rate: float) -> float:
    """The holding cost of one unit for a year, from its unit cost and the holding rate.

    The holding rate is the cost of holding stock for a year as a share of what the stock
    cost: the cash tied up, the space, insurance, damage and obsolescence.  Give it as a
    share, such as 0.25 for 25 %.

    Formula::

        H = c × r

    Parameters
    ----------
    unit_cost : float
        c, the price paid to the supplier for one unit, in £ per unit (more than 0).
    holding_rate : float
        r, the holding rate, as a share of the unit cost per year: more than 0 and at
        most 1 (0.25 is 25 %).

    Returns
    -------
    float
        H, the holding cost, in £ per unit per year.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0, or the holding rate is more
        than 1 (given as a percentage, such as 25 for 25 %).

    Examples
    --------
    A planter costs £9.60 and Northgate's holding rate is 25 % a year:

    >>> round(holding_cost_per_unit(9.60, 0.25), 2)
    2.4
    """
    cost = _number(unit_cost, "unit_cost", "holding_cost_per_unit")
    rate = _share(holding_rate, "holding_rate", "holding_cost_per_unit", "a share of the unit cost per year, at most 1")
    return cost * rate


def z_for_service_level(service_level: float) -> float:
    """The safety factor z for a cycle service level.

    The **cycle service level** is the probability of getting through one replenishment
    cycle (from placing an order to its delivery) without a stock-out.  With demand over
    the lead time following a normal distribution, z is the number of standard deviations
    of safety stock that gives that probability: the inverse of the standard normal
    cumulative distribution function.

    Formula::

        z = Φ⁻¹(service level)

    Parameters
    ----------
    service_level : float
        The cycle service level, a share more than 0 and less than 1 (0.95 is 95 %).

    Returns
    -------
    float
        z, without a unit (negative for a service level below 0.5).

    Raises
    ------
    ValueError
        If ``service_level`` is not a number more than 0 and less than 1 (with a hint
        when it was given as a percentage, such as 95 for 95 %).

    Examples
    --------
    >>> round(z_for_service_level(0.95), 3)
    1.645
    >>> round(z_for_service_level(0.99), 3)
    2.326
    >>> z_for_service_level(0.5)
    0.0
    """
    return NormalDist().inv_cdf(_service_level(service_level, "z_for_service_level"))


def _sd_over_lead_time(demand_sd: Any, lead_time: Any, lead_time_sd: Any, mean_demand: Any, function: str) -> float:
    """:func:`demand_sd_over_lead_time`, with errors naming ``function``."""
    sd = _number(demand_sd, "demand_sd", function, zero=True)
    lead = _number(lead_time, "lead_time", function)
    lead_sd = _number(lead_time_sd, "lead_time_sd", function, zero=True)
    mean = 0.0
    if mean_demand is not None:
        mean = _number(mean_demand, "mean_demand", function)
    elif lead_sd > 0:
        raise ValueError(
            f"{function}(): a lead_time_sd of {_shown(lead_time_sd)} needs mean_demand too "
            f"({_MEANING['mean_demand']}): every period the lead time runs over uses up another period of mean demand"
        )
    return math.sqrt(lead * sd**2 + mean**2 * lead_sd**2)


def demand_sd_over_lead_time(
    demand_sd: float, lead_time: float, lead_time_sd: float = 0.0, mean_demand: float | None = None
) -> float:
    """The standard deviation of demand over the lead time, σdL.

    Demand varies from day to day (σd) and the supplier's lead time varies too (σL).
    Both make the demand between placing an order and its delivery uncertain.  ``demand_sd``
    and ``mean_demand`` are per period (say per day) and ``lead_time`` and ``lead_time_sd``
    are in the same periods (days).  With a fixed lead time (``lead_time_sd=0``) only the
    demand varies and ``mean_demand`` is not needed.

    Formula::

        σdL = sqrt(L × σd² + d̄² × σL²)

    Parameters
    ----------
    demand_sd : float
        σd, the standard deviation of demand per period, in units per period (0 or more).
    lead_time : float
        L, the mean supplier lead time, in periods (more than 0).
    lead_time_sd : float, default 0.0
        σL, the standard deviation of the lead time, in periods (0 or more).
    mean_demand : float, optional
        d̄, the mean demand per period, in units per period (more than 0).  Needed when
        ``lead_time_sd`` is more than 0.

    Returns
    -------
    float
        σdL, in units.

    Raises
    ------
    ValueError
        If an argument is not a finite number, ``lead_time`` or ``mean_demand`` is not
        more than 0, a standard deviation is negative, or ``lead_time_sd`` is more than 0
        without ``mean_demand``.

    Examples
    --------
    Planters: demand averages 33 a day with a standard deviation of 12 a day; the
    supplier takes 10 days on average.  With a fixed lead time:

    >>> round(demand_sd_over_lead_time(12, 10), 2)
    37.95

    If the lead time varies with a standard deviation of 2 days (sqrt(10 × 12² + 33² × 2²)
    = sqrt(5796)):

    >>> round(demand_sd_over_lead_time(12, 10, lead_time_sd=2, mean_demand=33), 2)
    76.13
    """
    return _sd_over_lead_time(demand_sd, lead_time, lead_time_sd, mean_demand, "demand_sd_over_lead_time")


def safety_stock(
    service_level: float,
    demand_sd: float,
    lead_time: float,
    lead_time_sd: float = 0.0,
    mean_demand: float | None = None,
) -> float:
    """The safety stock that gives a cycle service level: z × the sd of demand over the lead time.

    Safety stock is held on top of the cycle stock to cover demand above the average
    while a replenishment is on its way.  The higher the service level, the more safety
    stock is needed, and each extra percentage point costs more than the one before.

    Formula::

        SS = z × σdL = z × sqrt(L × σd² + d̄² × σL²)

    where z is :func:`z_for_service_level` and σdL is :func:`demand_sd_over_lead_time`.

    Parameters
    ----------
    service_level : float
        The cycle service level, a share more than 0 and less than 1 (0.95 is 95 %).
        Use at least 0.5: below it z, and so the safety stock, is negative.
    demand_sd : float
        σd, the standard deviation of demand per period, in units per period (0 or more).
    lead_time : float
        L, the mean supplier lead time, in periods (more than 0).
    lead_time_sd : float, default 0.0
        σL, the standard deviation of the lead time, in periods (0 or more).
    mean_demand : float, optional
        d̄, the mean demand per period, in units per period (more than 0).  Needed when
        ``lead_time_sd`` is more than 0.

    Returns
    -------
    float
        SS, in units (not rounded: round up to a whole unit to hold it).

    Raises
    ------
    ValueError
        As :func:`z_for_service_level` and :func:`demand_sd_over_lead_time`.

    Examples
    --------
    Planters at a 95 % cycle service level, demand sd 12 a day, lead time 10 days
    (z = 1.645, σdL = 37.95):

    >>> round(safety_stock(0.95, 12, 10), 1)
    62.4

    If the lead time varies too, with sd 2 days and mean demand 33 a day:

    >>> round(safety_stock(0.95, 12, 10, lead_time_sd=2, mean_demand=33), 1)
    125.2
    """
    function = "safety_stock"
    level = _service_level(service_level, function)
    spread = _sd_over_lead_time(demand_sd, lead_time, lead_time_sd, mean_demand, function)
    return NormalDist().inv_cdf(level) * spread


def reorder_point(mean_demand: float, lead_time: float, safety_stock: float) -> float:
    """The reorder point (ROP): the stock level at which to place the next order.

    When the stock on hand (plus stock already on order) falls to the reorder point, we
    order.  It covers the demand expected during the lead time, plus the safety stock.

    Formula::

        ROP = d̄ × L + SS

    Parameters
    ----------
    mean_demand : float
        d̄, the mean demand per period, in units per period (more than 0).
    lead_time : float
        L, the mean supplier lead time, in the same periods (more than 0).
    safety_stock : float
        SS, the safety stock, in units (0 or more); see :func:`safety_stock`.

    Returns
    -------
    float
        The reorder point, in units.

    Raises
    ------
    ValueError
        If an argument is not a finite number, ``mean_demand`` or ``lead_time`` is not
        more than 0, or ``safety_stock`` is negative.

    Examples
    --------
    Planters: 33 a day over a 10-day lead time is 330, plus 62.4 safety stock:

    >>> round(reorder_point(33, 10, 62.4), 1)
    392.4
    """
    mean = _number(mean_demand, "mean_demand", "reorder_point")
    lead = _number(lead_time, "lead_time", "reorder_point")
    stock = _number(safety_stock, "safety_stock", "reorder_point", zero=True)
    return mean * lead + stock


def safety_stock_holding_cost(safety_stock: float, holding_cost: float) -> float:
    """The cost of holding the safety stock for a year.

    The safety stock is on the shelf all year round (on average), so all of it is charged
    the holding cost, not half of it as for the cycle stock.

    Formula::

        safety stock holding cost = SS × H

    Parameters
    ----------
    safety_stock : float
        SS, the safety stock, in units (0 or more).
    holding_cost : float
        H, the cost of holding one unit in stock for a year, in £ per unit per year
        (more than 0).

    Returns
    -------
    float
        The annual holding cost of the safety stock, in £ per year.

    Raises
    ------
    ValueError
        If an argument is not a finite number, ``safety_stock`` is negative or
        ``holding_cost`` is not more than 0.

    Examples
    --------
    62.4 planters of safety stock at £2.40 per unit per year:

    >>> round(safety_stock_holding_cost(62.4, 2.40), 2)
    149.76
    """
    stock = _number(safety_stock, "safety_stock", "safety_stock_holding_cost", zero=True)
    holding = _number(holding_cost, "holding_cost", "safety_stock_holding_cost")
    return stock * holding


def round_to_pack(quantity: float, pack_size: float, minimum: float = 0.0) -> float:
    """An order quantity the supplier will take: ``quantity`` rounded up to whole packs, and at least ``minimum``.

    A supplier ships in whole **packs**: a case (a carton of a fixed number of units) or a
    pallet (a stack of cases on a wooden base, moved by forklift).  Many also set a
    **minimum order quantity** (MOQ), the fewest units they accept on one order.  So the EOQ
    (:func:`eoq`) is taken up to the MOQ if it is below it, then rounded **up** to a whole
    number of packs: up, because an order of part of a case cannot be placed, and because
    near the EOQ the total cost curve is flat (a few units more cost very little).

    Formula::

        order quantity = pack size × ⌈max(Q, MOQ) / pack size⌉

    Parameters
    ----------
    quantity : float
        Q, the order quantity worked out (such as the EOQ), in units (more than 0).
    pack_size : float
        The units in one case or pallet, the smallest amount the supplier ships (more
        than 0).
    minimum : float, default 0.0
        MOQ, the supplier's minimum order quantity, in units (0 or more; 0 for none).

    Returns
    -------
    float
        The order quantity to place, in units: a whole number of packs, at least
        ``minimum``.

    Raises
    ------
    ValueError
        If an argument is not a finite number, ``quantity`` or ``pack_size`` is not more
        than 0, or ``minimum`` is negative.

    Examples
    --------
    An EOQ of 707.1 planters, in cases of 12 (58.9 cases, so 59):

    >>> round_to_pack(707.1, 12)
    708.0

    In pallets of 240 (20 cases of 12), 2.9 pallets become 3:

    >>> round_to_pack(707.1, 240)
    720.0

    With a minimum order of 800 units, the MOQ sets the order (800 / 12 = 66.7 cases, so 67):

    >>> round_to_pack(707.1, 12, minimum=800)
    804.0
    """
    function = "round_to_pack"
    wanted = _number(quantity, "quantity", function)
    pack = _number(pack_size, "pack_size", function)
    least = _number(minimum, "minimum", function, zero=True)
    packs = max(wanted, least) / pack
    # a quantity that is already a whole number of packs, give or take rounding in the last place, stays as it is
    return pack * math.ceil(packs - 1e-9 * max(1.0, packs))


def average_stock(order_quantity: float, safety_stock: float = 0.0) -> float:
    """The average stock on hand under an order policy: half an order of cycle stock plus the safety stock.

    Stock arrives ``order_quantity`` at a time and falls steadily until the next delivery,
    so on average half an order is on the shelf, on top of the safety stock, which is
    there (on average) all the time.

    Formula::

        average stock = Q / 2 + SS

    Parameters
    ----------
    order_quantity : float
        Q, the units bought on each order (more than 0).
    safety_stock : float, default 0.0
        SS, the safety stock, in units (0 or more).

    Returns
    -------
    float
        The average stock, in units.

    Raises
    ------
    ValueError
        If an argument is not a finite number, ``order_quantity`` is not more than 0 or
        ``safety_stock`` is negative.

    Examples
    --------
    Planters bought 707 at a time, with 62.4 of safety stock:

    >>> average_stock(707, 62.4)
    415.9
    """
    quantity = _number(order_quantity, "order_quantity", "average_stock")
    stock = _number(safety_stock, "safety_stock", "average_stock", zero=True)
    return quantity / 2 + stock


def inventory_turnover(annual_usage: float, average_inventory: float) -> float:
    """Inventory turnover: how many times a year the average stock is sold and replaced.

    In value, it is the annual cost of goods sold (what the stock sold in a year cost
    to buy) divided by the average value of the stock held; in units, the units sold in a
    year divided by the average units held.  Both must be in the same measure.  A higher
    turnover means the same sales from less stock: less cash tied up, less space, less to
    be damaged or go out of date.  Too high, and the stock may run out.

    Formula::

        turnover = annual cost of goods sold (£) / average inventory value (£)
                 = units sold a year / average units held

    Parameters
    ----------
    annual_usage : float
        The units sold (or used) in a year, or the annual cost of goods sold in £ (more
        than 0).
    average_inventory : float
        The average stock held, in the same measure: units, or £ at cost (more than 0);
        see :func:`average_stock`.

    Returns
    -------
    float
        The turnover, in times a year.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    12,000 planters a year from an average of 415.9 on hand (EOQ of 707, 62.4 safety stock):

    >>> round(inventory_turnover(12_000, 415.9), 1)
    28.9

    The same in value, at £9.60 a planter (£115,200 of goods sold, £3,992.64 of stock):

    >>> round(inventory_turnover(12_000 * 9.60, 415.9 * 9.60), 1)
    28.9

    Bought a quarter of the year's demand (3,000) at a time, the average stock is 1,562.4:

    >>> round(inventory_turnover(12_000, 1_562.4), 1)
    7.7
    """
    usage = _number(annual_usage, "annual_usage", "inventory_turnover")
    average = _number(average_inventory, "average_inventory", "inventory_turnover")
    return usage / average


def days_of_inventory(turnover: float, days: float = 365) -> float:
    """Days of inventory: how many days of sales the average stock would last.

    Formula::

        days of inventory = 365 / turnover

    Parameters
    ----------
    turnover : float
        The inventory turnover, in times a year (more than 0); see
        :func:`inventory_turnover`.
    days : float, default 365
        The days in the year the turnover was measured over (more than 0).

    Returns
    -------
    float
        Days of inventory, in days.

    Raises
    ------
    ValueError
        If an argument is not a finite number more than 0.

    Examples
    --------
    A turnover of 28.9 times a year is about 12.6 days of stock; 7.7 times is over 47 days:

    >>> round(days_of_inventory(28.9), 1)
    12.6
    >>> round(days_of_inventory(7.7), 1)
    47.4
    """
    times = _number(turnover, "turnover", "days_of_inventory")
    year = _number(days, "days", "days_of_inventory")
    return year / times


def abc_classes(annual_value: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """ABC classes of SKUs by annual consumption value: "A", "B" or "C".

    ABC analysis puts the few SKUs that make most of the value in class A (count them
    often, review their EOQ and safety stock closely), the next in B, and the many
    SKUs of little value in C.

    The rule, exactly:

    1. Sort the SKUs by annual value, largest first.  SKUs with the same value are put in
       the order of their labels (the index, such as the SKU code), so the result never
       depends on the order of the input.
    2. For each SKU, take the **cumulative share before it**: the value of all the SKUs
       above it, divided by the total value of all SKUs.
    3. The SKU is **A** if that share is less than ``a``, **B** if it is at least ``a`` but
       less than ``b``, and **C** if it is at least ``b``.

    So the first SKU is always A, and the SKU that takes the cumulative share past ``a``
    is still A: A is the smallest set of top SKUs that makes at least ``a`` of the
    value.  A share that reaches a limit exactly (for example 80 out of 100 before an SKU
    with ``a=0.8``) is not less than it: that SKU is B.  A share within 1e-9 of a limit
    counts as reaching it, so rounding in the last decimal place (0.7 + 0.1 is
    0.7999999999999999 in a computer) does not change a class.  Two SKUs with the same
    value may fall on either side of a limit and get different classes.

    Formula::

        share before SKU k = (value of the SKUs ranked above k) / (value of all SKUs)
        class of k = A if share before k < a; B if share before k < b; otherwise C

    Parameters
    ----------
    annual_value : pandas.Series
        The annual consumption value of each SKU (annual demand × unit cost), in £ per
        year, indexed by SKU code; one entry per SKU, each 0 or more, not all 0.
    a : float, default 0.8
        The cumulative share of value that class A covers: more than 0 and at most ``b``.
    b : float, default 0.95
        The cumulative share of value that classes A and B cover together: at least ``a``
        and at most 1.

    Returns
    -------
    pandas.Series
        "A", "B" or "C" for each SKU, named ``"abc_class"``, in the sorted order of
        step 1 (largest value first), with the same index as ``annual_value``.

    Raises
    ------
    ValueError
        If ``annual_value`` is not a non-empty Series of finite numbers 0 or more with a
        positive total, an SKU appears twice in its index, or the limits are not shares
        with 0 < a ≤ b ≤ 1 (with a hint when given as percentages, such as 80 for 80 %).

    Examples
    --------
    Five SKUs with £100,000 of value in all:

    >>> import pandas as pd
    >>> value = pd.Series({"BW-PLT-0420": 15_000, "BW-FUR-1100": 60_000, "BW-HOS-0150": 2_000,
    ...                    "BW-BBQ-0800": 20_000, "BW-TOL-0310": 3_000})
    >>> abc_classes(value)  # shares before: 0, 0.60, 0.80, 0.95, 0.98
    BW-FUR-1100    A
    BW-BBQ-0800    A
    BW-PLT-0420    B
    BW-TOL-0310    C
    BW-HOS-0150    C
    Name: abc_class, dtype: object

    To put the classes beside the values, join on the SKU code:

    >>> table = value.to_frame("annual_value").join(abc_classes(value))
    >>> table.loc["BW-PLT-0420", "abc_class"]
    'B'
    """
    if not isinstance(annual_value, pd.Series):
        raise ValueError(
            f"abc_classes() needs a pandas Series of annual consumption value (£ per year) indexed by SKU, "
            f"not {type(annual_value).__name__}"
        )
    if len(annual_value) == 0:
        raise ValueError("abc_classes() needs at least one SKU, but the Series is empty")
    if not pd.api.types.is_numeric_dtype(annual_value) or pd.api.types.is_bool_dtype(annual_value):
        raise ValueError(
            f"abc_classes(): annual_value must hold numbers (£ per year), but it holds {annual_value.dtype} values"
        )
    duplicated = annual_value.index.duplicated()
    if duplicated.any():
        raise ValueError(
            f"abc_classes(): each SKU must appear once, but {_shown(annual_value.index[duplicated][0])} appears "
            f"more than once; add up the value per SKU first, e.g. with .groupby(level=0).sum()"
        )
    values = annual_value.astype("float64")
    wrong = ~np.isfinite(values) | (values < 0)
    if wrong.any():
        value = annual_value[wrong].iloc[0]
        shown = "empty (NaN)" if pd.isna(value) else _shown(value)
        raise ValueError(
            f"abc_classes(): annual_value must be a finite number of £ per year, 0 or more, for every SKU, "
            f"but it is {shown} for {_shown(annual_value.index[wrong][0])}"
        )
    total = float(values.sum())
    if total <= 0:
        raise ValueError("abc_classes(): the total annual_value is 0; ABC analysis needs some value to share out")
    low, high = _share(a, "a", "abc_classes"), _share(b, "b", "abc_classes")
    if low > high:
        raise ValueError(f"abc_classes(): a must not be more than b, but a is {_shown(a)} and b is {_shown(b)}")

    order = sorted(range(len(values)), key=lambda i: (-values.iloc[i], _label_key(values.index[i])))
    ranked = values.iloc[order]
    before = ranked.cumsum().shift(fill_value=0.0) / float(ranked.sum())  # added up in the same order
    classes = np.where(before < low - _TOLERANCE, "A", np.where(before < high - _TOLERANCE, "B", "C"))
    return pd.Series(classes, index=ranked.index, name="abc_class", dtype=object)


def _label_key(label: Any) -> tuple[str, Any]:
    """A sort key for an index label that works for mixed types (numbers before text)."""
    if isinstance(label, numbers.Real) and not isinstance(label, bool):
        return ("0", float(label))
    return ("1", str(label))
