"""``intake`` is the lower app: no module under intake/ imports ``analysis``, by any route.

The walk reads the source (ast), so an import inside a function counts as much as one at the top, and so do
string routes: ``import_module("analysis.x")``, ``apps.get_model("analysis", "Filing")``, a lazy model reference
``"analysis.Filing"`` (a ForeignKey, a signal's sender).
"""

import ast
from pathlib import Path

import pytest

INTAKE = Path(__file__).resolve().parents[2] / "intake"
UPPER = "analysis"
# Calls whose string arguments name a module or an app.
STRING_IMPORTERS = {
    "import_module",
    "__import__",
    "import_string",
    "get_model",
    "get_app_config",
    "get_models",
}


def _names_upper(name: str | None) -> bool:
    return bool(name) and (name == UPPER or name.startswith(UPPER + "."))


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def references_to_analysis(source: str) -> list[str]:
    """Each place in ``source`` that reaches ``analysis``: 'line N: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names if _names_upper(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _names_upper(node.module):
            found.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Call) and _call_name(node) in STRING_IMPORTERS:
            strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            strings += [kw.value.value for kw in node.keywords if isinstance(kw.value, ast.Constant)]
            found += [
                f"line {node.lineno}: {_call_name(node)}({value!r})"
                for value in strings
                if isinstance(value, str) and _names_upper(value)
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # "analysis.Filing" as a lazy model reference or a dotted path; prose in docstrings never starts so.
            if node.value.startswith(UPPER + ".") and " " not in node.value:
                found.append(f"line {node.lineno}: {node.value!r}")
    return sorted(set(found))


def intake_modules() -> list[Path]:
    return sorted(INTAKE.rglob("*.py"))


def test_the_walk_sees_every_intake_module_including_commands_and_migrations():
    relative = {str(path.relative_to(INTAKE)) for path in intake_modules()}
    assert {"models.py", "views.py", "urls.py", "access.py", "management/commands/__init__.py"} <= relative
    assert any(name.startswith("migrations/0001") for name in relative)


@pytest.mark.parametrize(
    "source",
    [
        "import analysis",
        "import analysis.models as m",
        "from analysis import triage",
        "from analysis.models import Filing",
        "def f():\n    from analysis.models import Filing\n",
        "import importlib\nimportlib.import_module('analysis.triage')",
        "from django.apps import apps\napps.get_model('analysis', 'Filing')",
        "from django.apps import apps\napps.get_model('analysis.Filing')",
        "from django.db import models\nx = models.ForeignKey('analysis.Filing', on_delete=models.CASCADE)",
        "receiver(post_save, sender='analysis.Filing')",
    ],
)
def test_the_walk_finds_each_route_into_analysis(source):
    assert references_to_analysis(source)


@pytest.mark.parametrize(
    "source",
    [
        "import analytics",
        "from intake.models import Case",
        "from . import analysis",  # a relative import is intake's own module
        '"""Codes match the analysis engine\'s."""',
    ],
)
def test_the_walk_ignores_what_is_not_analysis(source):
    assert references_to_analysis(source) == []


def test_no_intake_module_imports_analysis():
    offenders = {
        str(path.relative_to(INTAKE.parent)): found
        for path in intake_modules()
        if (found := references_to_analysis(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
