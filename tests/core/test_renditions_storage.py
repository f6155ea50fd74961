"""An image saved while the object store fails part of the way leaves nothing behind.

A real S3-protocol server (moto's, as ``make cluster`` runs it) behind a small
proxy that passes the first N object writes and refuses the rest with 503,
as a store running out of room or going away would.
"""

import http.client
import io
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

pytestmark = pytest.mark.django_db

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RefusingProxy(BaseHTTPRequestHandler):
    """Forwards to the S3 server; refuses object PUTs past ``allowed``."""

    protocol_version = "HTTP/1.1"

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        server = self.server
        if self.command == "PUT" and self.path.count("/") >= 2:
            with server.lock:
                server.puts += 1
                refuse = server.puts > server.allowed
            if refuse:
                error = (
                    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable'
                    b"</Code><Message>Refused</Message></Error>"
                )
                self.send_response(503)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(error)))
                self.end_headers()
                self.wfile.write(error)
                return
        upstream = http.client.HTTPConnection("127.0.0.1", server.target, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        headers["Host"] = f"127.0.0.1:{server.target}"
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in {"content-length", "transfer-encoding", "connection"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

    def log_message(self, *args):
        pass


@pytest.fixture
def bucket(settings):
    """``(proxy, client, bucket)``: uploads go through ``proxy``; ``client`` sees ``bucket``."""
    target = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=target, verbose=False)
    server.start()
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), RefusingProxy)
    proxy.target, proxy.allowed, proxy.puts, proxy.lock = target, 10**6, 0, threading.Lock()
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    keys = {"aws_access_key_id": "turan-test", "aws_secret_access_key": "turan-test-secret"}
    client = boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{target}", region_name="us-east-1", **keys
    )
    # moto keeps its buckets per process, whichever server instance serves them.
    bucket = f"turan-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.storage.MediaBucketStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": f"http://127.0.0.1:{proxy.server_port}",
                "region_name": "us-east-1",
                "access_key": keys["aws_access_key_id"],
                "secret_key": keys["aws_secret_access_key"],
                "default_acl": "private",
                "file_overwrite": False,
                "client_config": Config(retries={"max_attempts": 1}),
            },
        },
    }
    try:
        yield proxy, client, bucket
    finally:
        proxy.shutdown()
        proxy.server_close()
        server.stop()


def stored(client, bucket):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def upload():
    data = io.BytesIO()
    Image.new("RGB", (1600, 900), (30, 80, 130)).save(data, "JPEG")
    # As the admin form hands it over: not in storage until the row is saved.
    return SimpleUploadedFile("port.jpg", data.getvalue(), content_type="image/jpeg")


def test_a_photo_saved_whole_has_its_original_and_renditions(bucket):
    from photos.models import Photo

    _proxy, client, name = bucket
    photo = Photo(caption_en="Port", image=upload())
    photo.save()
    names = stored(client, name)
    assert photo.image.name in names
    assert len(names) > 5  # the renditions and crops


@pytest.mark.parametrize("allowed", [1, 3])
def test_storage_refusing_mid_way_through_the_renditions_leaves_nothing(bucket, allowed):
    from botocore.exceptions import ClientError

    from photos.models import Photo

    proxy, client, name = bucket
    # The original (the first object), then some of its renditions, then no more.
    proxy.allowed = allowed
    # (In a savepoint, as the admin's save is: the failed save rolls back.)
    with pytest.raises(ClientError), transaction.atomic():
        Photo(caption_en="Port", image=upload()).save()
    assert proxy.puts > allowed  # it did fail part of the way
    assert stored(client, name) == []
    assert not Photo.objects.exists()
