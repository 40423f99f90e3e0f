import pytest

SORTER_CONTENT = {
    "kind": "sorter",
    "mode": "practice",
    "title": "Test",
    "prompt": "Sort them.",
    "assesses": ["LO1", "AC1"],
    "categories": [
        {"id": "internal", "label": "Internal customer"},
        {"id": "external", "label": "External customer"},
        {"id": "not_a_customer", "label": "Not a customer"},
    ],
    "items": [
        {"id": "despatch", "label": "Despatch team", "answer": "internal", "explain": "Inside; receives picks."},
        {
            "id": "wrapfast",
            "label": "Wrapfast Packaging",
            "answer": "not_a_customer",
            "explain": "A supplier.",
            "feedback": {"external": {"message": "Goods flow to us: a supplier is a partner.", "misconception": "MC2"}},
        },
        {"id": "fresco", "label": "Fresco DC", "answer": "external", "explain": "A retailer's DC."},
    ],
}


@pytest.fixture
def practice_content():
    import copy

    return copy.deepcopy(SORTER_CONTENT)


@pytest.fixture
def graded_content():
    import copy

    content = copy.deepcopy(SORTER_CONTENT)
    content["mode"] = "graded"
    for item in content["items"]:
        for field in ("answer", "explain", "feedback"):
            item.pop(field, None)
    return content
