"""The apps form a one-way graph: core ← careers ← quiz ← classes. A module may import the apps
below its own, never one above (class mode reaches the quiz through a template include and a
signal, not the other way round). Read from the source with ast, so a lazy import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = ["core", "careers", "quiz", "classes"]


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps |= {name.split(".")[0] for name in names} & set(LAYERS)
    return apps


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = {
        str(path.relative_to(settings.BASE_DIR)): sorted(imported_apps(path) - allowed)
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        if imported_apps(path) - allowed
    }
    assert not wrong, f"{app} may import only {sorted(allowed)}: {wrong}"


def test_the_check_sees_a_lazy_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from classes.lifecycle import sessions_purge\n")
    assert imported_apps(module) == {"classes"}
