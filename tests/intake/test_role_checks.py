"""Role checks are written one way (issue 12, "the house").

Only the User model's capability properties (``is_intake``, ``is_reviewer``, ``is_org_admin``, ``can_edit_intake``,
``is_member``) compare a user's ``role``; services, views, panels, the permission decorators and templates ask those
properties. A second way of writing "who is a reviewer" is how one check drifts from another.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "intake", "analysis")
# The one place that compares ``role``.
ALLOWED = {Path("intake/models.py")}
COMPARISONS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)
TEMPLATE_ROLE_COMPARISON = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)")


def _is_role(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "role"


def role_comparisons(source: str) -> list[int]:
    """Lines where ``source`` compares an attribute named ``role`` with ==, !=, in or not in."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for position, op in enumerate(node.ops):
            if isinstance(op, COMPARISONS) and (
                _is_role(operands[position]) or _is_role(operands[position + 1])
            ):
                lines.append(node.lineno)
                break
    return lines


def python_offences(root: Path) -> list[str]:
    offences = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts or relative in ALLOWED:
                continue
            offences += [f"{relative}:{line}" for line in role_comparisons(path.read_text())]
    return offences


def template_offences(root: Path) -> list[str]:
    offences = []
    for path in sorted((root / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if TEMPLATE_ROLE_COMPARISON.search(line):
                offences.append(f"{path.relative_to(root)}:{number}")
    return offences


def test_the_detector_sees_each_way_of_comparing_a_role():
    assert role_comparisons("user.role == User.Role.REVIEWER") == [1]
    assert role_comparisons("x = 1\nif user.role != 'admin': pass") == [2]
    assert role_comparisons("by.role not in EDITOR_ROLES") == [1]
    assert role_comparisons("User.Role.ADMIN in (member.role,)") == []  # a tuple, not the attribute
    assert role_comparisons("'admin' == member.role") == [1]
    assert role_comparisons("user.is_reviewer and cleaned['role'] != 'admin'") == []
    assert TEMPLATE_ROLE_COMPARISON.search('{% if user.role == "intake" %}')
    assert not TEMPLATE_ROLE_COMPARISON.search("{% if user.is_intake %}")


def test_only_the_user_model_compares_roles():
    assert python_offences(ROOT) == []


def test_templates_ask_capabilities_not_roles():
    assert template_offences(ROOT) == []
