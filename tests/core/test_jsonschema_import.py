"""Content validation must not build jsonschema's IRI grammar in every graded kernel."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_validating_content_leaves_the_iri_grammar_unbuilt_and_importable():
    out = _run(
        """
        import sys
        from logiserve.widgets import load_exercises  # validates nothing yet
        from logiserve.content import validate_exercise
        problems = validate_exercise("01_customers.x", {"kind": "sorter", "mode": "practice"})
        print(len(problems) > 0, "rfc3987_syntax" in sys.modules, "jsonschema" in sys.modules)
        import rfc3987_syntax  # still importable by anything that wants it
        print(rfc3987_syntax.__name__)
        """
    )
    assert out.splitlines() == ["True False True", "rfc3987_syntax"]


def test_errors_are_jsonschemas_own():
    from logiserve import _jsonschema

    schema = {"type": "object", "required": ["kind"], "properties": {"n": {"type": "integer"}}}
    errors = sorted(e.message for e in _jsonschema.validator(schema).iter_errors({"n": "two"}))
    assert errors == ["'kind' is a required property", "'two' is not of type 'integer'"]


def test_a_jsonschema_imported_before_is_used_as_it_is():
    out = _run(
        """
        import jsonschema
        from logiserve import _jsonschema
        print(type(_jsonschema.validator({})) is jsonschema.Draft202012Validator)
        """
    )
    assert out == "True"
