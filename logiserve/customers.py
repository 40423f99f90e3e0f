"""Who is a customer: the course's definition, written once.

A party is a **customer** of the distribution centre when it receives goods, a
service or information that our teams produce.  An **internal customer** is inside
our own organisation (a colleague, a department, another site of the company); an
**external customer** is outside it (a retailer, a wholesaler, an end consumer,
a contract client), whether or not it pays us directly.  Everyone else we deal with
(suppliers, hauliers we subcontract, regulators, neighbours) is a partner or
stakeholder, **not a customer**: goods or services flow *from* them to us, or they
set rules for us.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CUSTOMER_CLASSES", "classify_parties", "classify_party"]

CUSTOMER_CLASSES: dict[str, str] = {
    "internal": "Internal customer",
    "external": "External customer",
    "not_a_customer": "Not a customer (partner or stakeholder)",
}


def classify_party(inside_organisation: bool, receives_from_us: bool) -> str:
    """The class of one party: ``"internal"``, ``"external"`` or ``"not_a_customer"``.

    Parameters
    ----------
    inside_organisation:
        The party is part of our organisation (employees, departments, our other sites).
    receives_from_us:
        The party receives goods, a service or information produced by our teams.

    Examples
    --------
    >>> classify_party(inside_organisation=True, receives_from_us=True)   # our despatch team
    'internal'
    >>> classify_party(inside_organisation=False, receives_from_us=True)  # a retailer's DC
    'external'
    >>> classify_party(inside_organisation=False, receives_from_us=False)  # a packaging supplier
    'not_a_customer'
    """
    for name, flag in (("inside_organisation", inside_organisation), ("receives_from_us", receives_from_us)):
        if not isinstance(flag, bool) and type(flag).__name__ != "bool_":
            raise ValueError(f"{name} must be True or False, not {flag!r}")
    if not receives_from_us:
        return "not_a_customer"
    return "internal" if inside_organisation else "external"


def classify_parties(parties: Any) -> Any:
    """:func:`classify_party` for every row of a DataFrame with the two columns; a Series.

    Raises ``ValueError`` naming a missing column.
    """
    missing = [c for c in ("inside_organisation", "receives_from_us") if c not in parties.columns]
    if missing:
        raise ValueError(f"parties needs the column(s) {', '.join(missing)}")
    return parties.apply(
        lambda row: classify_party(bool(row["inside_organisation"]), bool(row["receives_from_us"])), axis=1
    ).rename("customer_class")
