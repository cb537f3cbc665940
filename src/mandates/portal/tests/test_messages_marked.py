"""Languages (issue 10): the messages people read from Python — validation errors of forms, services and
the API, refusals, flash messages — go through the translation catalogues. A literal (or f-string) handed
straight to ``ValidationError``, ``PermissionDenied``, ``NotFound``, ``ParseError`` or ``messages.*`` fails
this test, except in files still listed in messages_pending_translation.txt (a list that may only shrink)."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PENDING_LIST = Path(__file__).with_name("messages_pending_translation.txt")
PENDING = {line.strip() for line in PENDING_LIST.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")}
RAISED = {"ValidationError", "PermissionDenied", "NotFound", "ParseError"}
FLASHED = {"success", "error", "warning", "info", "add_message"}
# Command-line tools for administrators (management commands, backup, the demo loader, the bench) speak English.
SKIPPED_PARTS = {"tests", "migrations", "management", "benchmarks", "bench.py", "settings.py", "test_settings.py",
                 "backup.py", "demo.py"}


def product_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if not SKIPPED_PARTS & set(p.relative_to(PACKAGE).parts))


def _literal(node) -> bool:
    """A text written in English right here: a string constant with letters, or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "..." % {...} without gettext
        return _literal(node.left)
    return False


def _unmarked_in(node) -> bool:
    if _literal(node):
        return True
    if isinstance(node, ast.Dict):
        return any(_unmarked_in(v) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_unmarked_in(e) for e in node.elts)
    return False


def unmarked_messages(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in RAISED:
            args = node.args[:1] + [k.value for k in node.keywords if k.arg in ("message", "detail")]
        elif name in FLASHED and isinstance(node.func, ast.Attribute) \
                and getattr(node.func.value, "id", "") == "messages":
            args = node.args[1:3 if name == "add_message" else 2][-1:]
        else:
            continue
        if any(_unmarked_in(a) for a in args):
            lines.append(node.lineno)
    return lines


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize("path", [p for p in product_files() if _name(p) not in PENDING], ids=_name)
def test_messages_for_people_are_marked_for_translation(path):
    lines = unmarked_messages(path)
    assert not lines, f"{_name(path)}: messages not marked for translation on lines {lines}"


@pytest.mark.parametrize("name", sorted(PENDING))
def test_a_file_pending_translation_is_really_pending(name):
    path = PACKAGE / name
    assert path.exists() and unmarked_messages(path), f"{name} is done (or gone): remove it from {PENDING_LIST.name}"
