"""Who is a customer: the course's rule, written once.

The rule is about **whom a flow is for**.  Take one thing that Brightwater provides to a party:
goods, a service or information.  Ask whose need it meets:

``"them"``
    the party ordered it, or needs it to do its own work: a retailer's pallets, a shopper's
    parcel, the stock report a planner works from, the picked orders that the despatch team
    loads.  **The party is a customer.**
``"us"``
    it goes to the party only so that the party can do a job for Brightwater: the loaded trailer
    we hand to a haulier we hire, the purchase order we send a supplier, the job request our
    teams send the Facilities Team.  The party serves us, so it is a **supplier** (outside
    Brightwater a partner, inside it an **internal supplier**), not a customer.
``"the law"``
    a rule requires it: the customs declarations and VAT returns HMRC receives.  The party is a
    regulator (a stakeholder), not a customer.
``""``
    nothing goes from us to the party (neighbours affected by our lorries, a union).

A party is a **customer** if something we provide is for them; it is an **internal customer** if
it is part of Brightwater (a team, a department, one of its sites), an **external customer**
otherwise.  Receiving something from us is not enough, and neither is paying us: the haulier
receives our trailer and is paid by us, and it is still not a customer.

The class belongs to one flow.  A party with two flows can be a customer in one and a supplier in
the other: Harrow Interiors pays Brightwater to store and ship its stock (there it is a customer)
and sells Brightwater a range of cushions to resell (there it is a supplier).  Classify the flow
you are asked about.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CUSTOMER_CLASSES", "PROVIDED_FOR", "classify_parties", "classify_party"]

CUSTOMER_CLASSES: dict[str, str] = {
    "internal": "Internal customer",
    "external": "External customer",
    "not_a_customer": "Not a customer (partner, stakeholder or internal supplier)",
}

PROVIDED_FOR: dict[str, str] = {
    "them": "the party ordered it or needs it for its own work",
    "us": "it goes to the party only so that the party can do a job for Brightwater",
    "the law": "a rule requires Brightwater to provide it",
    "": "nothing goes from Brightwater to the party",
}
"""Whose need a flow from Brightwater to a party meets: the values of ``provided_for``."""


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def classify_party(inside_organisation: bool, provided_for: str) -> str:
    """The class of one party in one flow: ``"internal"``, ``"external"`` or ``"not_a_customer"``.

    A party is a customer when something Brightwater provides to it is *for* it
    (``provided_for == "them"``); an internal customer when it is also part of Brightwater, an
    external customer when it is not.  Anything else (the flow serves Brightwater, or the law, or
    there is no flow) makes it not a customer, whether it is inside Brightwater or not.

    Parameters
    ----------
    inside_organisation : bool
        The party is part of Brightwater: one of its teams, departments or sites.
    provided_for : str
        Whose need the goods, service or information Brightwater provides to the party meets:
        ``"them"``, ``"us"``, ``"the law"``, or ``""`` if nothing goes to the party (see
        :data:`PROVIDED_FOR`).

    Returns
    -------
    str
        A key of :data:`CUSTOMER_CLASSES`.

    Raises
    ------
    ValueError
        If ``inside_organisation`` is not True or False, or ``provided_for`` is not one of the
        four values.

    Examples
    --------
    Dalesway Haulage receives our loaded trailer and its paperwork, but only to carry our goods
    for us: it is a transport supplier, not a customer.

    >>> classify_party(inside_organisation=False, provided_for="us")
    'not_a_customer'

    HM Revenue & Customs receives our customs declarations because the law requires them.

    >>> classify_party(inside_organisation=False, provided_for="the law")
    'not_a_customer'

    The Brightwater Facilities Team is inside the company and receives our job requests, so that
    it can repair the racking for us: an internal supplier, not an internal customer.

    >>> classify_party(inside_organisation=True, provided_for="us")
    'not_a_customer'

    The despatch team needs the pick team's checked picks to do its own work, and a retailer's
    RDC ordered the pallets we deliver.

    >>> classify_party(inside_organisation=True, provided_for="them")
    'internal'
    >>> classify_party(inside_organisation=False, provided_for="them")
    'external'
    """
    if not _is_bool(inside_organisation):
        raise ValueError(f"inside_organisation must be True or False, not {inside_organisation!r}")
    if not isinstance(provided_for, str) or provided_for not in PROVIDED_FOR:
        allowed = ", ".join(repr(value) for value in PROVIDED_FOR)
        raise ValueError(f"provided_for must be one of {allowed}, not {provided_for!r}")
    if provided_for != "them":
        return "not_a_customer"
    return "internal" if inside_organisation else "external"


def classify_parties(parties: Any) -> Any:
    """:func:`classify_party` for every row of a parties table; a Series called ``customer_class``.

    Parameters
    ----------
    parties : pandas.DataFrame
        With the columns ``inside_organisation`` and ``provided_for`` (as in the ``parties``
        dataset).  If it also has ``we_provide`` (what goes to the party, ``""`` if nothing), each
        row must agree with it: ``provided_for`` is ``""`` exactly when ``we_provide`` is.

    Returns
    -------
    pandas.Series
        One class per row, with the table's index.

    Raises
    ------
    ValueError
        Naming a missing column, or the first row whose facts are not valid.

    Examples
    --------
    >>> import pandas as pd
    >>> parties = pd.DataFrame(
    ...     {
    ...         "name": ["Dalesway Haulage", "HM Revenue & Customs", "Brightwater Facilities Team"],
    ...         "inside_organisation": [False, False, True],
    ...         "we_provide": ["loaded trailers", "customs declarations", "job requests"],
    ...         "provided_for": ["us", "the law", "us"],
    ...     }
    ... )
    >>> classify_parties(parties).tolist()
    ['not_a_customer', 'not_a_customer', 'not_a_customer']
    """
    missing = [c for c in ("inside_organisation", "provided_for") if c not in parties.columns]
    if missing:
        raise ValueError(f"parties needs the column(s) {', '.join(missing)}")

    def one(row: Any) -> str:
        where = f"row {row.name!r}" + (f" ({row['name']})" if "name" in row.index else "")
        if "we_provide" in row.index and (row["we_provide"] == "") != (row["provided_for"] == ""):
            raise ValueError(
                f"{where}: provided_for is {row['provided_for']!r} but we_provide is {row['we_provide']!r}; "
                "provided_for must be '' exactly when we_provide is '' (nothing goes to the party)"
            )
        try:
            return classify_party(row["inside_organisation"], row["provided_for"])
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None

    return parties.apply(one, axis=1).rename("customer_class")
