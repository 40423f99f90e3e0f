"""The ``parties`` dataset: who Northgate Distribution Centre deals with.

Northgate Distribution Centre is a regional distribution centre (DC) near
Wakefield run by Brightwater Home & Garden Ltd. Brightwater sells homeware and
garden products to retailers, wholesalers and online shoppers, and also stores
and ships stock under contract for one third-party logistics (3PL) client.

Learners classify each party as an internal customer, an external customer or
not a customer. The course's rule: a party is a customer if it receives goods,
services or information produced by the DC or another Brightwater team; it is
internal if it is part of Brightwater, external otherwise.

The catalogue below is fixed. Only the row order, the ``party_id`` values and
the two numeric columns come from the random number generator.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

SEED = 1847

COLUMNS: dict[str, str] = {
    "party_id": "Short reference for the party, from P01 upwards.",
    "name": "Name of the person, team, site or organisation.",
    "party_type": (
        "What kind of party it is: department, company_site, retailer, wholesaler, consumer, "
        "contract_client, business_buyer, public_sector_buyer, supplier, service_provider, "
        "regulator or community."
    ),
    "description": "One sentence on what the party does and how it deals with Northgate.",
    "inside_organisation": "True if the party is part of Brightwater (its own team, department or site).",
    "receives_from_us": (
        "True if the party receives goods, a service or information that the DC or another Brightwater "
        "team produces for it. Purchase orders sent to suppliers and returns filed with regulators "
        "do not count."
    ),
    "pays_us": "True if the party pays Brightwater money for goods or services.",
    "we_pay_them": "True if Brightwater pays the party money (for goods, services, fees or taxes).",
    "regulates_us": "True if the party makes or enforces rules that Northgate must follow.",
    "orders_per_week": (
        "Typical number of orders, deliveries or requests the DC handles for the party each week "
        "(a count; 0 if the DC does not handle any for it)."
    ),
    "annual_revenue_gbp": "Brightwater's yearly income from the party, in pounds (GBP), rounded to £100.",
}

DTYPES: dict[str, str] = {
    "party_id": "str",
    "name": "str",
    "party_type": "str",
    "description": "str",
    "inside_organisation": "bool",
    "receives_from_us": "bool",
    "pays_us": "bool",
    "we_pay_them": "bool",
    "regulates_us": "bool",
    "orders_per_week": "int64",
    "annual_revenue_gbp": "int64",
}


class _Party(NamedTuple):
    name: str
    party_type: str
    description: str
    inside_organisation: bool
    receives_from_us: bool
    pays_us: bool
    we_pay_them: bool
    regulates_us: bool
    orders: tuple[int, int]  # inclusive range for orders_per_week
    revenue: tuple[int, int]  # inclusive range for annual_revenue_gbp, in £


def _internal(name: str, party_type: str, description: str, orders: tuple[int, int]) -> _Party:
    return _Party(name, party_type, description, True, True, False, False, False, orders, (0, 0))


def _external(
    name: str, party_type: str, description: str, orders: tuple[int, int], revenue: tuple[int, int]
) -> _Party:
    pays = revenue != (0, 0)
    return _Party(name, party_type, description, False, True, pays, False, False, orders, revenue)


def _other(name: str, party_type: str, description: str, *, we_pay: bool, regulates: bool = False) -> _Party:
    return _Party(name, party_type, description, False, False, False, we_pay, regulates, (0, 0), (0, 0))


PARTIES: tuple[_Party, ...] = (
    # Inside Brightwater, receiving something from the DC or another Brightwater team.
    _internal(
        "Despatch Team",
        "department",
        "The loading-bay team at Northgate that takes each completed pick from the pickers, "
        "checks it against the order and loads it onto the right vehicle.",
        (40, 60),
    ),
    _internal(
        "Brightwater Delivery Drivers",
        "department",
        "Drivers employed by Brightwater who collect loaded vehicles and delivery paperwork from "
        "the despatch team and take them to stores and homes.",
        (25, 45),
    ),
    _internal(
        "Transport Planning Office",
        "department",
        "The Brightwater office at Northgate that plans each day's vehicle routes from the order "
        "volumes and pallet counts the warehouse sends it.",
        (10, 20),
    ),
    _internal(
        "Customer Service Desk",
        "department",
        "The Brightwater contact team in Wakefield that answers queries from shoppers and trade "
        "buyers using the stock levels and tracking updates the DC sends it.",
        (30, 60),
    ),
    _internal(
        "Inventory Control Team",
        "department",
        "The Northgate team that keeps stock records accurate and relies on the cycle-count "
        "results and stock adjustments recorded by warehouse operatives.",
        (15, 30),
    ),
    _internal(
        "Returns Processing Team",
        "department",
        "The Northgate team that inspects returned goods once the goods-in team has booked each "
        "returned parcel in and passed it across with its paperwork.",
        (10, 25),
    ),
    _internal(
        "Finance Department",
        "department",
        "Brightwater's accounts team at head office in Leeds, which needs the signed "
        "proof-of-delivery records from the DC before it can send out invoices.",
        (5, 15),
    ),
    _internal(
        "Head Office Sales Team",
        "department",
        "Brightwater's sales managers in Leeds, who ask the DC for stock availability reports and "
        "delivery dates before promising anything to trade accounts.",
        (5, 15),
    ),
    _internal(
        "Merchandising and Replenishment Planners",
        "department",
        "Brightwater planners who decide what to reorder each week from the stock-on-hand and "
        "despatch reports the DC sends them.",
        (5, 10),
    ),
    _internal(
        "Brightwater Factory Outlet Shop, Castleford",
        "company_site",
        "Brightwater's own discount shop in Castleford, which receives weekly transfers of "
        "end-of-line stock from Northgate.",
        (2, 4),
    ),
    _internal(
        "Night Shift Team",
        "department",
        "Northgate warehouse operatives who start at 10pm and take over the day shift's "
        "half-finished picks, handover notes and part-loaded docks.",
        (5, 7),
    ),
    _internal(
        "Quality Control Team",
        "department",
        "Northgate inspectors who check samples of incoming and outgoing stock and need the "
        "goods-in team to set aside and label the pallets they ask for.",
        (8, 15),
    ),
    _internal(
        "Marketing Department",
        "department",
        "Brightwater's marketing team in Leeds, which asks the DC to send product samples of new "
        "lines for catalogue and website photography.",
        (2, 6),
    ),
    # Outside Brightwater, receiving goods or a service from us.
    _external(
        "Kestrel Foodstores - Normanton Regional DC",
        "retailer",
        "The regional distribution centre of a national supermarket chain, which orders pallets "
        "of garden and homeware lines for its stores and pays Brightwater 30 days after delivery.",
        (40, 70),
        (1_800_000, 2_600_000),
    ),
    _external(
        "Greenhollow Garden Centres",
        "retailer",
        "An independent chain of nine garden centres across Yorkshire that buys compost, planters "
        "and outdoor furniture from Brightwater on a trade account.",
        (15, 30),
        (550_000, 850_000),
    ),
    _external(
        "Liffey Garden Living, Dublin",
        "retailer",
        "A garden and homeware shop in Dublin that buys Brightwater products to resell, sent from "
        "Northgate by export groupage.",
        (2, 5),
        (90_000, 160_000),
    ),
    _external(
        "Pennine Cash & Carry",
        "wholesaler",
        "A cash-and-carry warehouse in Bradford that buys Brightwater products by the pallet and "
        "sells them on to small shops and market traders.",
        (10, 20),
        (300_000, 480_000),
    ),
    _external(
        "Ridings Homeware Wholesale",
        "wholesaler",
        "A wholesaler that buys Brightwater kitchen and bathroom ranges and resells them to "
        "independent hardware shops across the North East.",
        (6, 14),
        (180_000, 300_000),
    ),
    _external(
        "Online shopper - Ms A. Kowalski, Leeds",
        "consumer",
        "A member of the public who ordered a rattan lounger on the Brightwater website, paid by "
        "card and is waiting for home delivery from Northgate.",
        (1, 1),
        (100, 600),
    ),
    _external(
        "Marketplace shopper - Mr D. Achebe, Hull",
        "consumer",
        "A member of the public who bought a Brightwater bird feeder on an online marketplace, "
        "paid the marketplace and gets the parcel straight from Northgate.",
        (1, 1),
        (0, 0),
    ),
    _external(
        "Returning shopper - Mrs L. Fenwick, Barnsley",
        "consumer",
        "A member of the public who bought a kettle on the Brightwater website, found it faulty "
        "and is sending it back to Northgate for a replacement.",
        (1, 1),
        (100, 300),
    ),
    _external(
        "Oakmere Bathware Ltd",
        "contract_client",
        "A bathroom-accessories brand that pays Brightwater monthly fees to store its stock at "
        "Northgate and to pick and ship the orders its own buyers place.",
        (20, 35),
        (250_000, 400_000),
    ),
    _external(
        "Heathland Hotels Group",
        "business_buyer",
        "A group of twelve hotels that buys planters, garden furniture and storage boxes in bulk "
        "from Brightwater for use in its own hotels.",
        (3, 8),
        (40_000, 75_000),
    ),
    _external(
        "Bean & Barrow Cafes",
        "business_buyer",
        "A chain of 25 cafes that buys tableware and outdoor seating from Brightwater for its branches.",
        (2, 6),
        (15_000, 35_000),
    ),
    _external(
        "Calderbridge Council - Parks and Open Spaces",
        "public_sector_buyer",
        "The local council's parks department, which orders compost and large planters from "
        "Brightwater for public gardens and pays against a purchase order.",
        (1, 3),
        (8_000, 16_000),
    ),
    # Not receiving goods, services or information from us.
    _other(
        "BoxRight Packaging Ltd",
        "supplier",
        "A Huddersfield firm that delivers cardboard cartons, pallet wrap and tape to Northgate "
        "and sends Brightwater an invoice each month.",
        we_pay=True,
    ),
    _other(
        "Vale do Sol Ceramics, Portugal",
        "supplier",
        "A pottery in northern Portugal that makes the glazed plant pots Brightwater sells and is "
        "paid for each container it ships to Northgate.",
        we_pay=True,
    ),
    _other(
        "Aire Valley Haulage",
        "service_provider",
        "A haulage firm that Brightwater pays to carry overflow deliveries in its own lorries when "
        "the Brightwater fleet is full.",
        we_pay=True,
    ),
    _other(
        "PalletLink Network",
        "service_provider",
        "A national pallet network that Brightwater pays to carry single pallets to distant "
        "postcodes through its hub in the Midlands.",
        we_pay=True,
    ),
    _other(
        "StaffFirst Recruitment",
        "service_provider",
        "An agency that supplies temporary warehouse operatives to Northgate during the spring "
        "peak and charges Brightwater an hourly rate for each worker.",
        we_pay=True,
    ),
    _other(
        "LiftCo Forklift Leasing",
        "service_provider",
        "A company that leases reach trucks and counterbalance forklifts to Northgate and services "
        "them for a monthly fee.",
        we_pay=True,
    ),
    _other(
        "HM Revenue & Customs (HMRC)",
        "regulator",
        "The UK tax authority that collects Brightwater's VAT and import duty and can audit the "
        "customs paperwork for goods shipped in from abroad.",
        we_pay=True,
        regulates=True,
    ),
    _other(
        "Health and Safety Executive (HSE)",
        "regulator",
        "The national body that inspects forklift operations and racking at Northgate and can "
        "issue improvement notices if workers are put at risk.",
        we_pay=False,
        regulates=True,
    ),
    _other(
        "Environment Agency",
        "regulator",
        "The public body that issues Northgate's waste permit for an annual fee and checks how "
        "the DC stores and disposes of packaging waste.",
        we_pay=True,
        regulates=True,
    ),
    _other(
        "Calderbridge Council - Planning and Licensing",
        "regulator",
        "The local council department that sets Northgate's permitted operating hours and decides "
        "whether the site may build extra loading bays.",
        we_pay=False,
        regulates=True,
    ),
    _other(
        "Northgate Lane Residents' Association",
        "community",
        "Neighbours living beside the DC who are affected by night-time lorry noise and traffic "
        "and meet the site manager every quarter.",
        we_pay=False,
    ),
    _other(
        "Warehouse Workers' Union, Northgate Branch",
        "community",
        "The trade union that represents many Northgate warehouse operatives in talks with "
        "Brightwater about pay and shift patterns.",
        we_pay=False,
    ),
    _other(
        "Yorkshire Ridings Bank",
        "service_provider",
        "The bank that holds Brightwater's accounts and overdraft and charges monthly fees and interest.",
        we_pay=True,
    ),
    _other(
        "Shieldwell Insurance",
        "service_provider",
        "The insurer that Brightwater pays a yearly premium to cover the Northgate building, the "
        "stock and the vehicles against damage and theft.",
        we_pay=True,
    ),
    _other(
        "StockSense Software",
        "service_provider",
        "The software company that licenses the warehouse management system (WMS) used at "
        "Northgate and charges Brightwater a yearly subscription.",
        we_pay=True,
    ),
)

# Added after the catalogue above: these rows come after its shuffled rows, so every earlier party
# keeps its id and its numbers.
LATER_PARTIES: tuple[_Party, ...] = (
    # Inside Brightwater but receiving nothing from the DC: an internal supplier, not an internal customer.
    _Party(
        "Brightwater Facilities Team",
        "department",
        "The head-office team that maintains Northgate's building, racking and forklift chargers. Its "
        "engineers work for the DC, and nothing the DC's teams produce goes to them.",
        True,
        False,
        False,
        False,
        False,
        (0, 0),
        (0, 0),
    ),
)


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``parties`` table from the fixed catalogue.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``. It decides the row order (and so
        the ``party_id`` values), ``orders_per_week`` and ``annual_revenue_gbp``.

    Returns
    -------
    pandas.DataFrame
        One row per party, with the columns of ``COLUMNS`` in that order.
    """
    rng = np.random.default_rng(seed)
    parties = [PARTIES[i] for i in rng.permutation(len(PARTIES))] + list(LATER_PARTIES)
    order_lo, order_hi = np.array([p.orders for p in parties]).T
    revenue_lo, revenue_hi = np.array([p.revenue for p in parties]).T // 100
    orders = rng.integers(order_lo, order_hi, endpoint=True)
    revenue = rng.integers(revenue_lo, revenue_hi, endpoint=True) * 100
    frame = pd.DataFrame(
        {
            "party_id": [f"P{i:02d}" for i in range(1, len(parties) + 1)],
            "name": [p.name for p in parties],
            "party_type": [p.party_type for p in parties],
            "description": [p.description for p in parties],
            "inside_organisation": [p.inside_organisation for p in parties],
            "receives_from_us": [p.receives_from_us for p in parties],
            "pays_us": [p.pays_us for p in parties],
            "we_pay_them": [p.we_pay_them for p in parties],
            "regulates_us": [p.regulates_us for p in parties],
            "orders_per_week": orders,
            "annual_revenue_gbp": revenue,
        }
    )
    return frame.astype(DTYPES)
