"""Each part of the cluster broken on purpose, as readers and staff meet it.

In this order, one cluster for all: the last but one stops the primary for
good and promotes the replica, the last stops the cluster.
"""

import io
import json
import os
import signal
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from PIL import Image

from tests.change_form import FormReader
from tests.cluster.cluster import form_fields, wait_for


def title_on(cluster, part):
    return cluster.psql(
        part, f"SELECT title_en FROM articles_article WHERE id = {cluster.content['article_id']}"
    )


def set_title(cluster, title):
    cluster.psql(
        "primary",
        f"UPDATE articles_article SET title_en = '{title}' "
        f"WHERE id = {cluster.content['article_id']}",
    )


def reader_title(cluster, **headers):
    status, _headers, body = cluster.get(cluster.content["article"], **headers)
    assert status == 200
    return body.decode()


def replica_serves_readers(cluster):
    """Whether a reader's page comes from the replica: it shows a title only the
    replica still holds (its replay paused), while staff see the primary's."""
    old, new = f"Replica {uuid.uuid4().hex[:8]}", f"Primary {uuid.uuid4().hex[:8]}"
    set_title(cluster, old)
    assert wait_for(lambda: title_on(cluster, "replica") == old, 10)
    cluster.psql("replica", "SELECT pg_wal_replay_pause()")
    try:
        set_title(cluster, new)
        page = reader_title(cluster)
        assert new in reader_title(cluster, **cluster.staff())
        return old in page
    finally:
        cluster.psql("replica", "SELECT pg_wal_replay_resume()")
        assert wait_for(lambda: title_on(cluster, "replica") == new, 10)


PARTS = ("primary", "replica", "redis", "storage", "node1", "node2", "balancer")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone too (its parent has not reaped it yet).
    stat = f"/proc/{pid}/stat"
    return not os.path.exists(stat) or open(stat).read().rsplit(")", 1)[1].split()[0] != "Z"


def test_make_cluster_prints_each_part_and_keeps_a_pid_file_for_it(cluster):
    assert f"Turan's cluster is serving {cluster.url}/" in cluster.started
    lines = cluster.started.splitlines()
    for part in PARTS:
        assert any(line.split()[:1] == [part] and line.startswith("  ") for line in lines), part
        assert alive(cluster.pid(part)), part
    assert f"  balancer  nginx {cluster.url}/" in lines


def test_readers_read_the_replica_and_staff_the_primary(cluster):
    assert replica_serves_readers(cluster)


def test_the_edge_keeps_pages_and_loses_a_changed_one_within_a_second(cluster):
    if "edge_port" not in cluster.config or not (cluster.dir / "edge.pid").exists():
        pytest.skip("no Varnish here (make servers installs it)")
    edge = f"http://127.0.0.1:{cluster.config['edge_port']}"
    # A returning reader's request: a first visit's language cookie is never kept.
    reader = {"Cookie": "django_language=en"}
    russian_reader = {"Cookie": "django_language=ru"}
    english, russian = cluster.content["article"], cluster.content["article_ru"]
    for path, headers in ((english, reader), (russian, russian_reader)):
        # (The previous test's last change may still be on its way to a purge.)
        assert wait_for(
            lambda path=path, headers=headers: (
                cluster.get(path, base=edge, **headers)[1]["X-Edge-Cache"] == "HIT"
            ),
            5,
        )
        status, answer, _body = cluster.get(path, base=edge, **headers)
        assert status == 200
        assert "s-maxage=86400" in answer["Cache-Control"]

    corrected = f"Corrected {uuid.uuid4().hex[:8]}"
    set_title(cluster, corrected)
    changed = time.monotonic()
    assert wait_for(lambda: corrected in cluster.get(english, base=edge, **reader)[2].decode(), 3)
    # From the commit to a reader's page showing it: the purge and the new render.
    correction = time.monotonic() - changed

    # The Russian page kept at the edge again since that purge: only the next
    # purge can take it away.
    assert wait_for(
        lambda: cluster.get(russian, base=edge, **russian_reader)[1]["X-Edge-Cache"] == "HIT", 5
    )
    cluster.psql(
        "primary",
        "UPDATE articles_article SET published_at_ru = NULL "
        f"WHERE id = {cluster.content['article_id']}",
    )
    changed = time.monotonic()
    assert wait_for(lambda: cluster.get(russian, base=edge, **russian_reader)[0] == 404, 3)
    unpublication = time.monotonic() - changed

    # The replica lagging: the edge keeps the page it has (the ban waits for
    # the replica), then shows the change once the replica has replayed it.
    assert wait_for(
        lambda: cluster.get(english, base=edge, **reader)[1]["X-Edge-Cache"] == "HIT", 5
    )
    lagging = f"Lagging {uuid.uuid4().hex[:8]}"
    cluster.psql("replica", "SELECT pg_wal_replay_pause()")
    try:
        set_title(cluster, lagging)
        time.sleep(0.8)
        status, answer, body = cluster.get(english, base=edge, **reader)
        assert corrected in body.decode()
        # No old page fetched again after a ban.
        assert answer["X-Edge-Cache"] == "HIT", (dict(answer), time.time())
    finally:
        cluster.psql("replica", "SELECT pg_wal_replay_resume()")
    resumed = time.monotonic()
    assert wait_for(lambda: lagging in cluster.get(english, base=edge, **reader)[2].decode(), 3)
    after_lag = time.monotonic() - resumed
    # No page of the version before stays behind at the edge.
    time.sleep(1.2)
    assert all(lagging in cluster.get(english, base=edge, **reader)[2].decode() for _ in range(5))
    print(
        f"\nedge purge to gone: correction {correction:.2f} s, unpublication "
        f"{unpublication:.2f} s, after the replica's lag {after_lag:.2f} s"
    )
    assert correction < 1
    assert unpublication < 1
    assert after_lag < 1


SCHEDULE = """
import json
from datetime import timedelta
from django.utils import timezone
from articles.models import Article
article = Article.objects.get(pk={pk})
article.title_az = {title!r}
article.body_az = "<p>Boru kəmərləri və tariflər.</p>"
article.published_at_az = timezone.now() + timedelta(seconds={seconds})
article.save()
print(json.dumps({{"url": article.get_absolute_url("az"), "at": article.published_at_az.timestamp()}}))
"""


def test_a_scheduled_version_appears_on_every_node_and_the_edge_at_its_moment(cluster):
    reader = {"Cookie": "django_language=az"}
    bases = [f"http://127.0.0.1:{port}" for port in cluster.config["node_ports"]]
    if (cluster.dir / "edge.pid").exists():
        bases.append(f"http://127.0.0.1:{cluster.config['edge_port']}")
    title = f"Qaz və Avropa {uuid.uuid4().hex[:6]}"
    # The home pages kept everywhere first: they must let go at the moment too.
    for base in bases:
        cluster.get("/az/", base=base, **reader)
    scheduled = json.loads(
        cluster.manage(
            "shell",
            "-c",
            SCHEDULE.format(pk=cluster.content["article_id"], title=title, seconds=10),
        )
        .strip()
        .splitlines()[-1]
    )
    url, moment = scheduled["url"], scheduled["at"]
    # Until its moment: not there, on any node nor at the edge (kept again meanwhile).
    time.sleep(1)
    for base in bases:
        for _ in range(2):
            assert cluster.get(url, base=base, **reader)[0] == 404
            assert title not in cluster.get("/az/", base=base, **reader)[2].decode()
    assert time.time() < moment - 0.5, "the machine was too slow to look before the moment"
    time.sleep(max(0, moment - time.time()))

    # From its moment: there, with no worker, no purge (nothing was written then).
    # Each server's page and home page, each watched by a reader of its own:
    # when each was first asked for by a request that got it (what the request
    # then waited, a render on a loaded machine, is not the schedule's).
    def first_shown(base, path):
        while time.time() < moment + 5:
            sent = time.time()
            status, _headers, body = cluster.get(path, base=base, **reader)
            if status == 200 and title in body.decode():
                assert time.time() - sent < 2
                return sent - moment
            time.sleep(0.02)
        return None

    watched = [(base, path) for base in bases for path in (url, "/az/")]
    with ThreadPoolExecutor(max_workers=len(watched)) as pool:
        shown = dict(zip(watched, pool.map(lambda pair: first_shown(*pair), watched), strict=True))
    shown = {key: seconds for key, seconds in shown.items() if seconds is not None}
    assert len(shown) == 2 * len(bases)
    late = max(shown.values())
    print(f"\nscheduled version asked for on {len(bases)} servers: all had it {late:.2f} s after")
    assert late < 1


def test_a_lagging_replica_is_left_for_the_primary_within_its_bound(cluster):
    current = f"Current {uuid.uuid4().hex[:8]}"
    cluster.psql("replica", "SELECT pg_wal_replay_pause()")
    try:
        set_title(cluster, current)
        started = time.monotonic()
        # REPLICA_MAX_LAG is 2 s here, checked every 0.5 s: the primary's page soon.
        assert wait_for(lambda: current in reader_title(cluster), 6)
        assert time.monotonic() - started < 5
        # Once every worker has checked again (REPLICA_CHECK_SECONDS, 0.5 s),
        # all serve the primary's page, cached under the primary's version.
        time.sleep(1)
        assert all(current in reader_title(cluster) for _ in range(8))
    finally:
        cluster.psql("replica", "SELECT pg_wal_replay_resume()")
    assert wait_for(lambda: title_on(cluster, "replica") == current, 10)
    # Caught up, it serves readers again.
    assert wait_for(lambda: replica_serves_readers(cluster), 10, step=0.5)


def test_replica_stopped_readers_keep_200_from_the_primary(cluster):
    cluster.script("stop", "replica")
    stopped = time.monotonic()
    statuses = []
    while time.monotonic() - stopped < 2:
        statuses.append(cluster.get(cluster.content["article"])[0])
        statuses.append(cluster.get("/en/")[0])
    assert statuses and set(statuses) == {200}

    cluster.script("start")
    # Back: reads return to it, without restarting anything else.
    assert wait_for(lambda: replica_serves_readers(cluster), 15, step=0.5)


def test_a_node_killed_the_balancer_routes_around_it_and_staff_keep_their_session(cluster):
    os.killpg(cluster.pid("node1"), signal.SIGKILL)
    try:
        for _ in range(20):
            assert cluster.get(cluster.content["article"])[0] == 200
            assert cluster.get("/en/")[0] == 200
        status, _headers, body = cluster.get("/admin/", **cluster.staff())
        assert status == 200
        assert b"chief" in body  # signed in still, on the node that is left
    finally:
        cluster.script("start")
    node1 = cluster.config["node_ports"][0]
    assert cluster.get("/readyz", base=f"http://127.0.0.1:{node1}")[0] == 200


def reader_requests(cluster, count, pause=0.0):
    """``count`` readers' GETs (article and home, by turns), each in a thread of its
    own, ``pause`` seconds apart; return ``(sent at, future)`` for each, and the pool."""
    pool = ThreadPoolExecutor(max_workers=count)
    paths = [cluster.content["article"], "/en/"]
    reader = {"Cookie": "django_language=en"}

    def one(path):
        began = time.monotonic()
        status = cluster.get(path, timeout=30, **reader)[0]
        return began, time.monotonic() - began, status

    futures = []
    for index in range(count):
        futures.append((time.monotonic(), pool.submit(one, paths[index % 2])))
        time.sleep(pause)
    return futures, pool


def in_balancer(cluster, node):
    """Whether the checker has node ``node`` (1 or 2) in the balancer's upstream."""
    site = (cluster.dir / "balancer" / "turan.conf").read_text()
    port = cluster.config["node_ports"][node - 1]
    return f"127.0.0.1:{port} max_fails=1 fail_timeout=2s;" in site


def test_a_hung_node_failing_readyz_is_taken_out_within_the_probe_interval(cluster):
    assert wait_for(lambda: in_balancer(cluster, 1), 10)
    time.sleep(1)  # nginx's graceful reload: its new workers take over
    # Frozen, a node still accepts connections (the kernel's backlog) and
    # answers nothing: nginx alone would wait proxy_read_timeout for each.
    node1 = cluster.pid("node1")
    os.killpg(node1, signal.SIGSTOP)
    frozen = time.monotonic()
    try:
        futures, pool = reader_requests(cluster, 40, pause=0.075)
        # Every request sent once the checker has probed (0.5 s, answer within
        # 0.5 s) and nginx reloaded goes to the other node, answered at once.
        late = [f.result(timeout=5) for sent, f in futures if sent - frozen > 1.5]
        assert late and all(seconds < 1 and status == 200 for _b, seconds, status in late)
        assert not in_balancer(cluster, 1)
    finally:
        os.killpg(node1, signal.SIGCONT)
    # Those that met the hung node were answered once it woke: none failed.
    results = [f.result(timeout=60) for _sent, f in futures]
    pool.shutdown()
    assert [status for _b, _s, status in results] == [200] * len(results)
    # The last request that still met the hung node: sent this long after it hung.
    taken_out = max((b - frozen for b, seconds, _s in results if seconds >= 1), default=0.0)
    print(f"\nhung node out of the balancer: last request to it sent after {taken_out:.2f} s")
    assert wait_for(lambda: in_balancer(cluster, 1), 5)


def test_requests_in_flight_on_a_killed_node_are_answered_by_the_other(cluster):
    assert wait_for(lambda: in_balancer(cluster, 1), 10)
    time.sleep(1)  # nginx's graceful reload: its new workers take over
    node1 = cluster.pid("node1")
    # Held on node1 (frozen, so they stay in flight there) and on node2.
    os.killpg(node1, signal.SIGSTOP)
    try:
        futures, pool = reader_requests(cluster, 8)
        time.sleep(0.3)
        in_flight = sum(not f.done() for _sent, f in futures)
        assert in_flight >= 1
    finally:
        os.killpg(node1, signal.SIGKILL)
    killed = time.monotonic()
    results = [f.result(timeout=30) for _sent, f in futures]
    pool.shutdown()
    answered = time.monotonic() - killed
    print(f"\n{in_flight} GETs in flight on the killed node, all answered {answered:.2f} s after")
    # nginx met the closed connection and sent each GET on to node2.
    assert [status for _b, _s, status in results] == [200] * len(results)
    assert answered < 10  # proxy_next_upstream_timeout
    cluster.script("start")
    assert wait_for(lambda: in_balancer(cluster, 1), 10)


def test_redis_stopped_pages_answer_and_recover_without_a_restart(cluster):
    node = f"http://127.0.0.1:{cluster.config['node_ports'][1]}"
    cluster.script("stop", "redis")
    try:
        for path in (cluster.content["article"], "/en/", "/ru/"):
            assert cluster.get(path)[0] == 200
        status, _headers, body = cluster.get("/admin/", **cluster.staff())
        assert status == 200  # the session is read from the database (cached_db)
        assert b"chief" in body
        assert cluster.get("/readyz", base=node)[0] == 503
    finally:
        cluster.script("start")
    assert wait_for(lambda: cluster.get("/readyz", base=node)[0] == 200, 10)
    cluster.get("/en/", base=node)
    assert cluster.get("/en/", base=node)[1]["X-Page-Cache"] == "hit"


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_object_storage_stopped_pages_render_and_uploads_fail_clearly(cluster):
    # While it answers, a node reads the lead image from the bucket.
    node = f"http://127.0.0.1:{cluster.config['node_ports'][1]}"
    status, headers, body = cluster.get(f"/media/{cluster.content['image']}", base=node)
    assert status == 200
    assert body[:3] == b"\xff\xd8\xff"
    assert headers["Content-Type"] == "image/jpeg"

    cluster.script("stop", "storage")
    try:
        assert cluster.get(cluster.content["article"])[0] == 200
        assert cluster.get(f"/media/{cluster.content['image']}")[0] == 404

        add = "/admin/authors/author/add/"
        status, headers, page = cluster.get(add, **cluster.staff())
        assert status == 200
        csrf = headers.get_all("Set-Cookie") or []
        token = next(c.split(";")[0].split("=", 1)[1] for c in csrf if c.startswith("csrftoken="))
        photo = io.BytesIO()
        Image.new("RGB", (400, 400), (200, 30, 30)).save(photo, "JPEG")
        body, content_type = multipart(
            {
                "csrfmiddlewaretoken": form_fields(page.decode()),
                "name_en": "Storage Outage",
                "slug": "",
                "role_en": "",
                "bio_en": "",
                "user": "",
            },
            {"photo": ("face.jpg", photo.getvalue())},
        )
        status, headers, _body = cluster.get(
            add,
            method="POST",
            data=body,
            **{
                "Content-Type": content_type,
                "Cookie": f"sessionid={cluster.content['session']}; csrftoken={token}",
                "Referer": cluster.url + add,
                "Origin": cluster.url,
            },
        )
        assert status == 302
        assert headers["Location"].endswith(add)
        # Nothing half-stored: no row names a file the storage never took.
        assert cluster.psql("primary", "SELECT count(*) FROM authors_author") == "0"
        notice = next(
            c.split(";")[0]
            for c in headers.get_all("Set-Cookie") or []
            if c.startswith("messages=")
        )
        status, _headers, page = cluster.get(
            add, Cookie=f"sessionid={cluster.content['session']}; {notice}"
        )
        # In the staff member's interface language (Russian, the default).
        assert "хранилище медиафайлов не ответило" in page.decode()
    finally:
        cluster.script("start")


def csrf(cluster, path):
    """The form's token and the CSRF cookie, for a staff POST to ``path``."""
    status, headers, page = cluster.get(path, **cluster.staff())
    assert status == 200
    cookie = next(
        c.split(";")[0].split("=", 1)[1]
        for c in headers.get_all("Set-Cookie") or []
        if c.startswith("csrftoken=")
    )
    return form_fields(page.decode()), cookie


def staff_post(cluster, path, fields, tokens):
    token, cookie = tokens
    return cluster.get(
        path,
        method="POST",
        data=urlencode({"csrfmiddlewaretoken": token, **fields}).encode(),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={cluster.content['session']}; csrftoken={cookie}",
            "Referer": cluster.url + path,
            "Origin": cluster.url,
        },
    )


def test_primary_stopped_readers_keep_the_replica_then_promotion_resumes_writes(cluster):
    add = "/admin/articles/section/add/"
    section = {"name_ru": "Выборы", "name_az": "Seçkilər", "name_en": "Elections", "slug": ""}
    section["position"] = "0"
    tokens = csrf(cluster, add)
    cluster.script("stop", "primary")
    stopped = time.monotonic()
    statuses = []
    while time.monotonic() - stopped < 2:
        statuses.append(cluster.get(cluster.content["article"])[0])
    assert statuses and set(statuses) == {200}

    # Staff read the replica, told so in their admin language (Russian here).
    banner = "База данных пока доступна только для чтения"
    status, _headers, page = cluster.get("/admin/", **cluster.staff())
    assert status == 200
    assert banner in page.decode()
    # An article's save is refused, and the form comes back with what was typed.
    change = f"/admin/articles/article/{cluster.content['article_id']}/change/"
    status, headers, page = cluster.get(change, **cluster.staff())
    assert status == 200
    cookie = next(
        c.split(";")[0].split("=", 1)[1]
        for c in headers.get_all("Set-Cookie") or []
        if c.startswith("csrftoken=")
    )
    typed = f"Typed while read-only {uuid.uuid4().hex[:6]}"
    reader = FormReader("article_form")
    reader.feed(page.decode())
    fields = {**reader.data, "title_en": [typed], "_save": ["Save"]}
    before = title_on(cluster, "replica")
    status, _headers, page = cluster.get(
        change,
        method="POST",
        data=urlencode(fields, doseq=True).encode(),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={cluster.content['session']}; csrftoken={cookie}",
            "Referer": cluster.url + change,
            "Origin": cluster.url,
        },
    )
    page = page.decode()
    assert status == 200
    assert f'value="{typed}"' in page
    assert "ничего не сохранено" in page
    assert banner in page
    assert title_on(cluster, "replica") == before

    # A form without that path: the outage page, saying nothing was saved.
    status, _headers, page = staff_post(cluster, add, section, tokens)
    assert status == 503
    assert "Retry-After" in _headers

    cluster.script("promote")
    status, _headers, page = staff_post(cluster, add, section, csrf(cluster, add))
    assert status == 302, page.decode()[:2000]
    assert cluster.psql("replica", "SELECT count(*) FROM articles_section") == "2"
    assert cluster.get(cluster.content["article"])[0] == 200


def test_cluster_stop_stops_every_part_it_started_and_nothing_else(cluster):
    bystander = subprocess.Popen(["sleep", "120"])
    try:
        running = {
            path.stem: int(path.read_text().split()[0])
            for path in cluster.dir.glob("*.pid")
            if alive(int(path.read_text().split()[0]))
        }
        assert {"replica", "redis", "storage", "node1", "node2", "balancer"} <= set(running)

        stopped = cluster.script("stop")

        assert [part for part, pid in running.items() if alive(pid)] == []
        assert all(f"stopped {part}" in stopped for part in running)
        assert list(cluster.dir.glob("*.pid")) == [] or all(
            not alive(int(path.read_text().split()[0])) for path in cluster.dir.glob("*.pid")
        )
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()
