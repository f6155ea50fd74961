"""The balancer's active checks (scripts/cluster.py's Checker), without a cluster."""

from tests.cluster.cluster import script


def checker(answers):
    config = {"node_ports": [8001, 8002]}
    return script().Checker(config, probe=lambda port: answers[port])


def test_a_node_failing_its_probe_is_marked_down_at_once_and_back_after_two_answers(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(script(), "DIR", tmp_path)
    answers = {8001: True, 8002: True}
    check = checker(answers)
    assert check.step() is None
    answers[8001] = False
    assert check.step() == {8001}
    assert check.step() is None
    answers[8001] = True
    assert check.step() is None  # one answer is not enough
    assert check.step() == set()


def test_all_nodes_failing_keeps_them_all_in(tmp_path, monkeypatch):
    # The primary or Redis away: every /readyz fails, yet the nodes still
    # serve readers from the replica, so none is taken out.
    monkeypatch.setattr(script(), "DIR", tmp_path)
    answers = {8001: True, 8002: False}
    check = checker(answers)
    assert check.step() == {8002}
    answers[8001] = False
    assert check.step() == set()


def test_the_upstream_marks_down_nodes(tmp_path, monkeypatch):
    cluster = script()
    monkeypatch.setattr(cluster, "DIR", tmp_path)
    (tmp_path / "balancer").mkdir()
    config = {"port": 8000, "node_ports": [8001, 8002]}
    site = cluster.balancer_site(config, {8002})
    assert "server 127.0.0.1:8001 max_fails=1 fail_timeout=2s;" in site
    assert "server 127.0.0.1:8002 max_fails=1 fail_timeout=2s down;" in site
    cluster.apply_down(config, {8002})
    assert cluster.down_nodes() == {8002}
