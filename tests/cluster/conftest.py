import pytest

from tests.cluster.cluster import RunningCluster, tools_missing


@pytest.fixture(scope="session")
def cluster():
    """One cluster for every test here: it starts in about a minute, its release step included."""
    missing = tools_missing()
    if missing:
        pytest.skip(f"the cluster needs {', '.join(missing)} (make servers installs them)")
    cluster = RunningCluster()
    try:
        yield cluster.start()
    finally:
        cluster.close()
