"""The two locks: production installs only what it runs, both pin hashes, and agree."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([a-z0-9][a-z0-9._-]*)==([^\s\\]+)", re.MULTILINE)


def pins(name):
    return dict(PIN.findall((ROOT / name).read_text()))


def test_the_runtime_lock_leaves_out_the_tests_and_linters():
    runtime = pins("requirements.lock")
    assert {"django", "gunicorn", "psycopg-pool", "redis", "pymemcache"} <= runtime.keys()
    assert not {"pytest", "playwright", "ruff", "djhtml", "hypothesis"} & runtime.keys()


def test_the_development_lock_holds_the_runtime_versions_and_the_tools():
    runtime, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: development.get(name) for name in runtime} == runtime
    assert {"pytest", "playwright", "ruff"} <= development.keys()


def test_every_pin_carries_a_hash():
    for name in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / name).read_text()
        blocks = re.split(r"\n(?=[a-z0-9])", text.split("\n", 6)[-1])
        for block in blocks:
            if PIN.match(block):
                assert "--hash=sha256:" in block, (name, block.splitlines()[0])


def test_pyproject_states_ranges_not_exact_pins():
    dependencies = (ROOT / "pyproject.toml").read_text().split("[tool.")[0]
    assert "==" not in dependencies
