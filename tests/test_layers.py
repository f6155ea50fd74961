"""The layers of docs/architecture.md, as import-linter enforces them."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(cwd):
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=cwd, capture_output=True, text=True
    )


def test_the_layers_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_against_the_layers_fails_the_lint(tmp_path):
    """core importing the public site (a lower layer reaching up) is refused."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    text = tmp_path / "core" / "text.py"
    text.write_text(text.read_text() + "\nfrom public import views  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "core.text -> public.views" in result.stdout


def test_every_package_of_the_project_is_in_one_layer():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "scripts"}
    }
    assert packages == set(CONFIG["root_packages"])
    (contract,) = CONFIG["contracts"]
    layered = [name.strip() for layer in contract["layers"] for name in layer.split("|")]
    assert sorted(layered) == sorted(packages)


def test_the_project_package_holds_configuration_only():
    modules = {path.name for path in (ROOT / "turan").iterdir() if path.name != "__pycache__"}
    assert modules == {"__init__.py", "settings.py", "settings_test.py", "urls.py", "wsgi.py"}
