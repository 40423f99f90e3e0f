"""The ``demand`` dataset: a year of daily demand for twenty of Brightwater's products.

Northgate Distribution Centre, near Wakefield, is the regional distribution
centre (DC) of Brightwater Home & Garden Ltd.  It buys its garden range from
suppliers and ships it on to garden centres, retailers' DCs and online shoppers.
This table is a year of demand (1 January to 31 December 2025) for twenty stock
keeping units (SKUs) of that range, from sofa sets and barbecues to plant labels:
how many units customers ordered each day, with what each SKU costs to buy, to
order and to hold, and how long its supplier takes to deliver.

The table is in **long form**: one row per SKU per day, 20 × 365 = 7,300 rows,
sorted by SKU and date.  The cost and lead-time columns (unit_cost, order_cost,
holding_rate, lead_time_days, lead_time_sd_days) are the same on every row of an
SKU: they repeat so that everything a learner needs is in one table, with no join.
Take them from any row, e.g. ``demand.groupby("sku").first()``.

Learners work out an EOQ, a safety stock and a reorder point with
:mod:`logiserve.inventory`, and sort the range into ABC classes.  The recipe is
built so that a few findings are there to be made:

* a clear ABC split by annual consumption value (units × unit_cost), with
  :func:`logiserve.inventory.abc_classes` and its default limits (80 % and 95 %):
  four SKUs of twenty (20 %) are class A and make 82 % of the value, the next
  five (B) 14 %, and the eleven C SKUs only 4 %, although several C items
  (gloves, twine, plant labels) sell more units than the A-class sofa sets and
  barbecues;
* ``FOCUS_SKU``, the terracotta-effect planter BW-PLT-0420, is the course's worked
  case: an A item selling just under 12,000 a year (about 32 a day, with a daily
  standard deviation of about 16), £9.60 a unit, £50 an order, a 25 % holding rate
  (so £2.40 per unit per year, and an EOQ of about 700) and a 10-day lead time with
  a standard deviation of 2 days;
* garden lines sell mostly in spring and summer: furniture, barbecues and
  parasols peak in May to July at several times their winter level, compost in
  April; the bird feeder is the one line that sells best in winter;
* orders are heaviest on Mondays and light at the weekend, Sundays most of all
  (garden centres and retailers' DCs restock from Monday to Friday);
* bulky imported lines (furniture, barbecues, parasols) have long and variable
  lead times (three to five weeks, give or take up to six days), so at the same
  service level they need far more safety stock, counted in days of demand, than
  the fast-moving lines from UK suppliers.

The products, their costs, lead times, seasons and expected annual demand are
fixed below; the random number generator decides each day's demand.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

SEED = 4420
"""Seed of the shipped ``demand.csv``: ``generate(SEED)`` rebuilds it exactly."""

FOCUS_SKU = "BW-PLT-0420"
"""The SKU of the course's worked example: the terracotta-effect planter, 42 cm (an A item)."""

START = pd.Timestamp("2025-01-01")  # a Wednesday
DAYS = 365  # 1 January to 31 December 2025

COLUMNS: dict[str, str] = {
    "sku": "Stock keeping unit: Brightwater's product code, e.g. BW-PLT-0420 (BW, the product family, a number).",
    "description": "What the product is, as it appears on the pick list.",
    "date": "The day the demand was for (1 January to 31 December 2025); one row per SKU per day.",
    "units": (
        "Units of the SKU that customers ordered for that day, a whole number, 0 or more "
        "(demand, not sales: it counts what was wanted, whether or not it was in stock)."
    ),
    "unit_cost": "What Brightwater pays the supplier for one unit, in £ per unit (c). The same on every row of an SKU.",
    "order_cost": (
        "The cost of placing one purchase order with the supplier, in £ per order (S): raising and sending it, "
        "the delivery charge, booking in and checking the goods. The same on every row of an SKU."
    ),
    "holding_rate": (
        "The cost of holding stock for a year, as a share of the unit cost per year (r), e.g. 0.25 for 25 %: "
        "the cash tied up, space, insurance, damage and obsolescence. Holding cost H = unit_cost × holding_rate "
        "in £ per unit per year. The same on every row of an SKU."
    ),
    "lead_time_days": (
        "The supplier's mean lead time, in days (L): from placing a purchase order to the goods being "
        "available to pick at Northgate. The same on every row of an SKU."
    ),
    "lead_time_sd_days": (
        "The standard deviation of the supplier's lead time, in days (σL): how much it varies from order "
        "to order. The same on every row of an SKU."
    ),
}

DTYPES: dict[str, str] = {
    "sku": "str",
    "description": "str",
    "date": "datetime64[ns]",
    "units": "int64",
    "unit_cost": "float64",
    "order_cost": "float64",
    "holding_rate": "float64",
    "lead_time_days": "int64",
    "lead_time_sd_days": "float64",
}


class Product(NamedTuple):
    """One SKU of the range: its fixed costs and lead time, and the shape of its demand."""

    sku: str
    description: str
    unit_cost: float  # £ per unit
    order_cost: float  # £ per purchase order
    holding_rate: float  # share of unit cost per year
    lead_time_days: int  # mean, days
    lead_time_sd_days: float  # days
    annual_units: float  # expected demand over the year, units
    peak_day: int  # day of the year (1 = 1 January) when demand is highest
    swing: float  # seasonal swing: 0 flat; 0.8 means the peak is 1.8 and the trough 0.2 times the mean
    clumping: float  # extra day-to-day variation (a gamma-Poisson shape): smaller is lumpier


# The range, by ABC class of annual consumption value (units × unit cost).  Imported bulky lines have long,
# variable lead times; UK suppliers of compost, tools and sundries deliver within a week or two.
PRODUCTS: tuple[Product, ...] = (
    # A: about 82 % of the value
    Product("BW-FUR-1100", "Rattan-effect 4-seat garden sofa set", 149.00, 120.0, 0.30, 35, 6.0, 1_200, 150, 0.85, 6),
    Product("BW-BBQ-0800", "Three-burner gas barbecue", 118.00, 95.0, 0.28, 28, 5.0, 1_250, 170, 0.85, 6),
    Product("BW-PAR-0300", "Cantilever parasol, 3 m, with cross base", 46.50, 75.0, 0.26, 21, 4.0, 3_100, 175, 0.80, 8),
    Product("BW-PLT-0420", "Terracotta-effect planter, 42 cm", 9.60, 50.0, 0.25, 10, 2.0, 12_000, 125, 0.35, 12),
    # B: about 14 %
    Product("BW-CMP-0050", "Peat-free multi-purpose compost, 50 L", 3.10, 40.0, 0.20, 5, 1.0, 6_300, 100, 0.70, 8),
    Product("BW-HOS-0150", "Expandable garden hose, 15 m", 8.40, 45.0, 0.24, 14, 3.0, 2_350, 185, 0.60, 8),
    Product("BW-LGT-0120", "Solar LED string lights, 10 m", 5.80, 45.0, 0.25, 21, 4.0, 3_400, 200, 0.40, 8),
    Product("BW-FUR-1210", "Folding bistro set (table and two chairs)", 38.00, 60.0, 0.30, 28, 5.0, 520, 155, 0.80, 6),
    Product("BW-PLT-0300", "Self-watering window box, 60 cm", 6.90, 40.0, 0.24, 10, 2.0, 2_850, 120, 0.40, 10),
    Product("BW-TOL-0120", "Bypass secateurs", 4.20, 35.0, 0.22, 7, 1.5, 700, 95, 0.40, 10),
    Product("BW-TOL-0310", "Stainless steel border spade", 14.20, 40.0, 0.22, 7, 1.5, 220, 90, 0.40, 10),
    Product("BW-BBQ-0850", "Barbecue cover for three-burner barbecue", 6.20, 35.0, 0.24, 21, 4.0, 520, 165, 0.80, 8),
    Product("BW-GLV-0010", "Gardening gloves, medium (pair)", 1.35, 30.0, 0.22, 7, 1.5, 2_300, 105, 0.35, 12),
    Product("BW-HOS-0210", "Hose connector set (4 pieces)", 2.10, 30.0, 0.22, 14, 3.0, 1_400, 185, 0.55, 10),
    Product("BW-SED-0040", "Seed tray with lid (pack of 5)", 2.40, 30.0, 0.22, 10, 2.0, 1_100, 75, 0.60, 10),
    Product("BW-BRD-0060", "Hanging bird feeder", 3.40, 30.0, 0.24, 14, 3.0, 700, 15, 0.50, 10),
    Product("BW-TWN-0005", "Jute garden twine, 100 m", 0.85, 25.0, 0.20, 7, 1.0, 2_400, 110, 0.35, 12),
    Product("BW-LBL-0100", "Plant labels (pack of 100)", 0.95, 25.0, 0.20, 7, 1.0, 1_700, 90, 0.45, 12),
    Product("BW-WCN-0100", "Galvanised watering can, 10 L", 7.80, 35.0, 0.24, 14, 3.0, 260, 160, 0.60, 8),
    Product("BW-KNL-0020", "Foam kneeling pad", 1.60, 25.0, 0.22, 10, 2.0, 850, 110, 0.35, 12),
)

WEEKDAY = (1.25, 1.10, 1.05, 1.05, 1.15, 0.85, 0.55)  # how busy each day is, Monday first; they average 1


def _expected(product: Product, days: pd.DatetimeIndex) -> np.ndarray:
    """Expected units on each of ``days``: season × weekday, scaled to the product's annual units."""
    day_of_year = np.asarray(days.day_of_year, dtype=float)
    season = 1 + product.swing * np.cos(2 * math.pi * (day_of_year - product.peak_day) / DAYS)
    weekday = np.asarray(WEEKDAY)[np.asarray(days.day_of_week)]
    shape = season * weekday
    return product.annual_units * shape / shape.sum()


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``demand`` table.

    Each day's demand for a product is drawn from a gamma-Poisson (negative binomial)
    distribution around its expected level: the product's annual units, shared out over
    the year by its season and by the day of the week.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``.  It decides each day's demand; the
        products, their costs, lead times, seasons and expected annual demand are fixed.  The
        year is drawn again (from the same generator) until it shows the week the course reads
        from it: Monday the busiest day and Sunday the quietest.

    Returns
    -------
    pandas.DataFrame
        One row per SKU per day (7,300 rows), with the columns of ``COLUMNS`` in that
        order, sorted by sku and date.

    Examples
    --------
    >>> demand = generate()
    >>> len(demand), demand["sku"].nunique()
    (7300, 20)
    >>> planters = demand[demand["sku"] == FOCUS_SKU]
    >>> str(planters["date"].min().date()), str(planters["date"].max().date())
    ('2025-01-01', '2025-12-31')
    >>> costs = ["unit_cost", "order_cost", "holding_rate", "lead_time_days", "lead_time_sd_days"]
    >>> planters[costs].drop_duplicates().reset_index(drop=True)  # the same on every row of the SKU
       unit_cost  order_cost  holding_rate  lead_time_days  lead_time_sd_days
    0        9.6        50.0          0.25              10                2.0
    """
    rng = np.random.default_rng(seed)
    while True:  # drawn again (from the same generator) until Monday is the busiest day and Sunday the quietest
        table = _draw(rng)
        weekday = table.groupby(table["date"].dt.day_of_week)["units"].sum()
        if weekday.idxmax() == 0 and weekday.idxmin() == 6:
            return table


def _draw(rng: np.random.Generator) -> pd.DataFrame:
    """One draw of the year's daily demand of every product."""
    days = pd.date_range(START, periods=DAYS, freq="D")
    frames = []
    for product in sorted(PRODUCTS, key=lambda product: product.sku):
        expected = _expected(product, days)
        surge = rng.gamma(product.clumping, 1 / product.clumping, size=DAYS)  # mean 1: busier and quieter days
        units = rng.poisson(expected * surge)
        frames.append(
            pd.DataFrame(
                {
                    "sku": product.sku,
                    "description": product.description,
                    "date": days,
                    "units": units,
                    "unit_cost": product.unit_cost,
                    "order_cost": product.order_cost,
                    "holding_rate": product.holding_rate,
                    "lead_time_days": product.lead_time_days,
                    "lead_time_sd_days": product.lead_time_sd_days,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)].astype(DTYPES)
