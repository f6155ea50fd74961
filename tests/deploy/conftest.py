import pytest

from tests.deploy.stack import Stack


@pytest.fixture(scope="package")
def stack():
    """One stack for every test here: starting it takes a release step (~10 s)."""
    stack = Stack()
    try:
        yield stack.start()
    finally:
        stack.close()
