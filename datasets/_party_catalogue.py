"""The catalogue of the ``parties`` dataset: each party's name, kind, description and facts.

:mod:`._parties` shuffles :data:`PARTIES`, appends :data:`LATER_PARTIES` and :data:`NEWER_PARTIES`,
and draws the numbers. The facts are those the course's customer rule (:mod:`logiserve.customers`)
is applied to: what we provide to the party (``we_provide``), whom it is for (``provided_for``) and
what the party provides to us (``they_provide``).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["LATER_PARTIES", "NEWER_PARTIES", "PARTIES"]


class _Party(NamedTuple):
    name: str
    party_type: str
    description: str
    inside_organisation: bool
    we_provide: str
    provided_for: str  # "them", "us", "the law" or "" (logiserve.customers.PROVIDED_FOR)
    they_provide: str
    pays_us: bool
    we_pay_them: bool
    regulates_us: bool
    orders: tuple[int, int]  # inclusive range for orders_per_week
    revenue: tuple[int, int]  # inclusive range for annual_revenue_gbp, in £


Range = tuple[int, int]


def _internal(
    name: str, kind: str, description: str, we_provide: str, orders: Range, *, they_provide: str = ""
) -> _Party:
    """A Brightwater team or site whose work needs what another Brightwater team provides."""
    return _Party(name, kind, description, True, we_provide, "them", they_provide, False, False, False, orders, (0, 0))


def _external(
    name: str, kind: str, description: str, we_provide: str, orders: Range, revenue: Range, *, they_provide: str = ""
) -> _Party:
    """A party outside Brightwater that ordered what we provide; it pays us unless revenue is (0, 0)."""
    pays, we_pay = revenue != (0, 0), they_provide != ""  # a party that also supplies us is paid for it
    return _Party(
        name, kind, description, False, we_provide, "them", they_provide, pays, we_pay, False, orders, revenue
    )


def _other(
    name: str,
    party_type: str,
    description: str,
    we_provide: str = "",
    provided_for: str = "",
    they_provide: str = "",
    *,
    we_pay: bool,
    regulates: bool = False,
    inside: bool = False,
) -> _Party:
    """A party that nothing we provide is for: a supplier, a regulator, a neighbour, an internal supplier."""
    flow = (we_provide, provided_for, they_provide)
    return _Party(name, party_type, description, inside, *flow, False, we_pay, regulates, (0, 0), (0, 0))


PARTIES: tuple[_Party, ...] = (
    # Inside Brightwater, needing what another Brightwater team provides.
    _internal(
        "Despatch Team",
        "department",
        "The loading-bay team at Northgate that takes each completed pick from the pick team, "
        "checks it against the order and loads it onto the right vehicle.",
        "completed picks from the pick team",
        (40, 60),
        they_provide="loaded vehicles and delivery paperwork for the drivers",
    ),
    _internal(
        "Brightwater Delivery Drivers",
        "department",
        "Drivers employed by Brightwater who collect loaded vehicles and delivery paperwork from "
        "the despatch team and take them to stores and homes.",
        "loaded vehicles and delivery paperwork from the despatch team",
        (25, 45),
        they_provide="signed proof-of-delivery (POD) notes for the finance department",
    ),
    _internal(
        "Transport Planning Office",
        "department",
        "The Brightwater office at Northgate that plans each day's vehicle routes from the order "
        "volumes and pallet counts the warehouse sends it.",
        "each day's order volumes and pallet counts",
        (10, 20),
        they_provide="route plans for the despatch team and the drivers",
    ),
    _internal(
        "Brightwater Customer Service Desk",
        "department",
        "The Brightwater contact team in Wakefield that answers queries from shoppers and trade "
        "buyers using the stock levels and tracking updates the DC sends it.",
        "stock levels and tracking updates",
        (30, 60),
    ),
    _internal(
        "Inventory Control Team",
        "department",
        "The Northgate team that keeps stock records accurate and relies on the cycle-count "
        "results and stock adjustments recorded by warehouse operatives.",
        "cycle-count results and stock adjustments",
        (15, 30),
        they_provide="accurate stock records for the pickers and the planners",
    ),
    _internal(
        "Returns Processing Team",
        "department",
        "The Northgate team that inspects returned goods once the goods-in team has booked each "
        "returned parcel in and passed it across with its paperwork.",
        "returned parcels, booked in by goods-in with their paperwork",
        (10, 25),
    ),
    _internal(
        "Finance Department",
        "department",
        "Brightwater's accounts team at head office in Leeds, which needs the signed "
        "proof-of-delivery records from the DC before it can send out invoices.",
        "signed proof-of-delivery (POD) records",
        (5, 15),
    ),
    _internal(
        "Head Office Sales Team",
        "department",
        "Brightwater's sales managers in Leeds, who ask the DC for stock availability reports and "
        "delivery dates before promising anything to trade accounts.",
        "stock availability reports and delivery dates",
        (5, 15),
    ),
    _internal(
        "Merchandising and Replenishment Planners",
        "department",
        "Brightwater planners who decide what to reorder each week from the stock-on-hand and "
        "despatch reports the DC sends them.",
        "weekly stock-on-hand and despatch reports",
        (5, 10),
    ),
    _internal(
        "Brightwater Factory Outlet Shop",
        "company_site",
        "Brightwater's own discount shop in Castleford, which receives weekly transfers of "
        "end-of-line stock from Northgate.",
        "weekly transfers of end-of-line stock",
        (2, 4),
    ),
    _internal(
        "Night Shift Team",
        "department",
        "Northgate warehouse operatives who start at 10pm and take over the day shift's "
        "half-finished picks, handover notes and part-loaded docks.",
        "the day shift's half-finished picks, handover notes and part-loaded docks",
        (5, 7),
    ),
    _internal(
        "Quality Control Team",
        "department",
        "Northgate inspectors who check samples of incoming and outgoing stock and need the "
        "goods-in team to set aside and label the pallets they ask for.",
        "pallets set aside and labelled by goods-in",
        (8, 15),
        they_provide="inspection results for goods-in and inventory control",
    ),
    _internal(
        "Marketing Department",
        "department",
        "Brightwater's marketing team in Leeds, which asks the DC to send product samples of new "
        "lines for catalogue and website photography.",
        "product samples of new lines",
        (2, 6),
    ),
    # Outside Brightwater, ordering what we provide.
    _external(
        "Kestrel Foodstores RDC Normanton",
        "retailer",
        "The regional distribution centre (RDC) of a national supermarket chain, which orders pallets "
        "of garden and homeware lines for its stores and pays Brightwater 30 days after delivery.",
        "pallets of garden and homeware lines, delivered into booked slots",
        (40, 70),
        (1_800_000, 2_600_000),
    ),
    _external(
        "Greenacre Garden Centres",
        "retailer",
        "An independent chain of nine garden centres across Yorkshire that buys compost, planters "
        "and outdoor furniture from Brightwater on a trade account.",
        "compost, planters and outdoor furniture",
        (15, 30),
        (550_000, 850_000),
    ),
    _external(
        "Liffey Garden Living",
        "retailer",
        "A garden and homeware shop in Dublin that buys Brightwater products to resell, sent from "
        "Northgate by export groupage (on a lorry shared with other firms' goods).",
        "Brightwater products, sent by export groupage",
        (2, 5),
        (90_000, 160_000),
    ),
    _external(
        "Pennine Cash & Carry",
        "wholesaler",
        "A cash-and-carry warehouse in Bradford that buys Brightwater products by the pallet and "
        "sells them on to small shops and market traders.",
        "full pallets of Brightwater products",
        (10, 20),
        (300_000, 480_000),
    ),
    _external(
        "Ridings Homeware Wholesale",
        "wholesaler",
        "A wholesaler that buys Brightwater kitchen and bathroom ranges and resells them to "
        "independent hardware shops across the North East.",
        "kitchen and bathroom ranges",
        (6, 14),
        (180_000, 300_000),
    ),
    _external(
        "Online shopper - Ms A. Kowalski, Leeds",
        "consumer",
        "A member of the public who ordered a rattan lounger on the Brightwater website, paid by "
        "card and is waiting for home delivery from Northgate.",
        "a rattan lounger, delivered to her home",
        (1, 1),
        (100, 600),
    ),
    _external(
        "Marketplace shopper - Mr D. Achebe, Hull",
        "consumer",
        "A member of the public who bought a Brightwater bird feeder on an online marketplace, "
        "paid the marketplace and gets the parcel straight from Northgate.",
        "a parcel with his bird feeder",
        (1, 1),
        (0, 0),
    ),
    _external(
        "Returning shopper - Mrs L. Fenwick, Barnsley",
        "consumer",
        "A member of the public who bought a kettle on the Brightwater website, found it faulty "
        "and is sending it back to Northgate for a replacement.",
        "the handling of her return and a replacement kettle",
        (1, 1),
        (100, 300),
    ),
    _external(
        "Harrow Interiors",
        "contract_client",
        "A Sheffield interiors brand that pays Brightwater monthly fees to store its rugs at "
        "Northgate and to pick and ship the orders its own buyers place, under a third-party "
        "logistics (3PL) contract; Brightwater also buys Harrow's cushions and throws to resell.",
        "storage of its rugs, and picking and delivery of its buyers' orders",
        (20, 35),
        (250_000, 400_000),
        they_provide="a range of cushions and throws that Brightwater buys and resells",
    ),
    _external(
        "Kingsway Hotels Group",
        "business_buyer",
        "A group of twelve hotels that buys planters, garden furniture and storage boxes in bulk "
        "from Brightwater for use in its own hotels.",
        "planters, garden furniture and storage boxes",
        (3, 8),
        (40_000, 75_000),
    ),
    _external(
        "Bean & Barrow Cafes",
        "business_buyer",
        "A chain of 25 cafes that buys tableware and outdoor seating from Brightwater for its branches.",
        "tableware and outdoor seating",
        (2, 6),
        (15_000, 35_000),
    ),
    _external(
        "Calderbridge Council - Parks and Open Spaces",
        "public_sector_buyer",
        "The local council's parks department, which orders compost and large planters from "
        "Brightwater for public gardens and pays against a purchase order.",
        "compost and large planters",
        (1, 3),
        (8_000, 16_000),
    ),
    # Outside Brightwater: nothing we provide is for them.
    _other(
        "BoxRight Packaging Ltd",
        "supplier",
        "A Huddersfield firm that delivers cardboard cartons, pallet wrap and tape to Northgate "
        "and sends Brightwater an invoice each month.",
        "purchase orders for packaging",
        "us",
        "cardboard cartons, pallet wrap and tape",
        we_pay=True,
    ),
    _other(
        "Vale do Sol Ceramics",
        "supplier",
        "A pottery in northern Portugal that makes the glazed plant pots Brightwater sells and is "
        "paid for each container it ships to Northgate.",
        "purchase orders and container bookings",
        "us",
        "glazed plant pots",
        we_pay=True,
    ),
    _other(
        "Dalesway Haulage",
        "service_provider",
        "A Wakefield haulage firm that Brightwater pays to carry overflow deliveries in its own "
        "lorries when the Brightwater fleet is full, collecting loaded trailers from the despatch bay.",
        "loaded trailers and their delivery paperwork",
        "us",
        "carriage of overflow loads to Brightwater's buyers",
        we_pay=True,
    ),
    _other(
        "Pennant Pallet Network",
        "service_provider",
        "A national pallet network that Brightwater pays to carry single pallets to distant "
        "postcodes through its hub in the Midlands.",
        "single pallets and their consignment notes",
        "us",
        "carriage of single pallets to distant postcodes",
        we_pay=True,
    ),
    _other(
        "StaffFirst Recruitment",
        "service_provider",
        "An agency that supplies temporary warehouse operatives to Northgate during the spring "
        "peak and charges Brightwater an hourly rate for each worker.",
        "requests for temporary operatives",
        "us",
        "temporary warehouse operatives",
        we_pay=True,
    ),
    _other(
        "LiftCo Forklift Leasing",
        "service_provider",
        "A company that leases reach trucks and counterbalance forklifts to Northgate and services "
        "them for a monthly fee.",
        "fault reports on its trucks",
        "us",
        "leased forklift trucks and their servicing",
        we_pay=True,
    ),
    _other(
        "HM Revenue & Customs",
        "regulator",
        "The UK tax authority (HMRC) that collects Brightwater's VAT and import duty and can audit "
        "the customs paperwork for goods shipped in from abroad.",
        "VAT returns and customs declarations",
        "the law",
        we_pay=True,
        regulates=True,
    ),
    _other(
        "Health and Safety Executive",
        "regulator",
        "The national body (HSE) that inspects forklift operations and racking at Northgate and can "
        "issue improvement notices if workers are put at risk.",
        "reports of serious accidents at work",
        "the law",
        we_pay=False,
        regulates=True,
    ),
    _other(
        "Environment Agency",
        "regulator",
        "The public body that issues Northgate's waste permit for an annual fee and checks how "
        "the DC stores and disposes of packaging waste.",
        "yearly returns on the packaging waste the DC handles",
        "the law",
        we_pay=True,
        regulates=True,
    ),
    _other(
        "Calderbridge Council - Planning and Licensing",
        "regulator",
        "The local council department that sets Northgate's permitted operating hours and decides "
        "whether the site may build extra loading bays.",
        "planning applications for new building work",
        "the law",
        we_pay=False,
        regulates=True,
    ),
    _other(
        "Northgate Lane Residents' Association",
        "community",
        "Neighbours living beside the DC who are affected by night-time lorry noise and traffic "
        "and raise their concerns with the site manager every quarter.",
        we_pay=False,
    ),
    _other(
        "Warehouse Workers' Union",
        "community",
        "The trade union that represents many Northgate warehouse operatives in talks with "
        "Brightwater about pay and shift patterns.",
        we_pay=False,
    ),
    _other(
        "Yorkshire Ridings Bank",
        "service_provider",
        "The bank that holds Brightwater's accounts and overdraft and charges monthly fees and interest.",
        "payment instructions",
        "us",
        "bank accounts, an overdraft and payments",
        we_pay=True,
    ),
    _other(
        "Shieldwell Insurance",
        "service_provider",
        "The insurer that Brightwater pays a yearly premium to cover the Northgate building, the "
        "stock and the vehicles against damage and theft.",
        "claims and yearly stock valuations",
        "us",
        "insurance cover for the building, the stock and the vehicles",
        we_pay=True,
    ),
    _other(
        "StockSense Software",
        "service_provider",
        "The software company that licenses the warehouse management system (WMS) used at "
        "Northgate and charges Brightwater a yearly subscription.",
        "fault reports and requests for changes",
        "us",
        "the warehouse management system (WMS) and its support",
        we_pay=True,
    ),
)

# Added after the catalogue above: these rows come after its shuffled rows, so every earlier party
# keeps its id and its numbers.
LATER_PARTIES: tuple[_Party, ...] = (
    # Inside Brightwater, and what the DC sends it is for the DC: an internal supplier, not an
    # internal customer.
    _other(
        "Brightwater Facilities Team",
        "department",
        "The head-office team that maintains Northgate's building, racking and forklift chargers; "
        "its engineers come out on the job requests the DC's supervisors raise.",
        "job requests for repairs",
        "us",
        "repairs and upkeep of the building, racking and chargers",
        we_pay=False,
        inside=True,
    ),
)

# Added later still.  Their numbers come from a generator of their own (NEWER_STREAM), so adding
# them changed no earlier party's id or numbers.
NEWER_PARTIES: tuple[_Party, ...] = (
    _external(
        "Fresco Foods RDC Doncaster",
        "retailer",
        "The regional distribution centre (RDC) of the Fresco supermarket chain, which takes mixed "
        "pallets of homeware and garden lines into booked goods-in slots for its northern stores.",
        "mixed pallets of homeware and garden lines, delivered into booked slots",
        (35, 60),
        (1_500_000, 2_300_000),
    ),
    _external(
        "Calder Valley Schools Trust",
        "business_buyer",
        "A trust that runs fourteen schools in Calderdale and buys planters, storage boxes and "
        "outdoor benches from Brightwater for its school grounds.",
        "planters, storage boxes and outdoor benches",
        (1, 4),
        (20_000, 45_000),
    ),
    _other(
        "Swiftline Parcels",
        "service_provider",
        "A parcel carrier that Brightwater pays to collect online shoppers' parcels from Northgate "
        "each evening and deliver them to their homes.",
        "labelled parcels and the collection manifest",
        "us",
        "carriage of parcels to shoppers' homes",
        we_pay=True,
    ),
    _other(
        "Information Commissioner's Office",
        "regulator",
        "The UK body (ICO) that enforces data protection law, collects Brightwater's yearly data "
        "protection fee and must be told of any serious leak of shoppers' personal data.",
        "reports of any serious personal-data breach",
        "the law",
        we_pay=True,
        regulates=True,
    ),
)
