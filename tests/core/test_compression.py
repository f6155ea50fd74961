"""gzip from pieces deflated once each (core/compression.py)."""

import gzip
import random
import zlib

import pytest

from core import compression


@pytest.fixture(autouse=True)
def empty():
    compression._kept.clear()
    yield
    compression._kept.clear()


ENTRIES = [
    b'<?xml version="1.0"?><feed>',
    *(
        f"<entry><title>Talks {n}</title><p>{'Negotiations resumed. ' * 40}</p></entry>".encode()
        for n in range(5)
    ),
    b"",
    b"</feed>",
]


@pytest.mark.parametrize("random_bytes", [None, 100])
def test_the_member_inflates_to_the_pieces_joined(random_bytes):
    packed = compression.gzip_of(ENTRIES, max_random_bytes=random_bytes)

    assert gzip.decompress(packed) == b"".join(ENTRIES)
    # zlib's own reader checks the CRC and the length too.
    assert zlib.decompress(packed, wbits=16 + zlib.MAX_WBITS) == b"".join(ENTRIES)


def test_the_header_is_the_one_django_writes():
    packed = compression.gzip_of(ENTRIES)

    assert packed[:10] == gzip.compress(b"x", compresslevel=6, mtime=0)[:10]


def test_a_random_file_name_comes_with_its_flag():
    packed = compression.gzip_of(ENTRIES, max_random_bytes=100)

    assert packed[3] == gzip.FNAME
    assert packed[10 : packed.index(b"\x00", 10)].strip(b"a") == b""


def test_nothing_unchanged_is_deflated_twice(monkeypatch):
    compression.gzip_of(ENTRIES)
    kept = len(compression._kept)
    made = []
    original = zlib.compressobj
    monkeypatch.setattr(
        compression.zlib, "compressobj", lambda *a, **k: made.append(1) or original(*a, **k)
    )

    again = compression.gzip_of(ENTRIES)

    assert made == []
    assert len(compression._kept) == kept
    assert gzip.decompress(again) == b"".join(ENTRIES)


def test_a_changed_piece_and_the_one_after_it_are_deflated_again(monkeypatch):
    compression.gzip_of(ENTRIES)
    changed = [*ENTRIES]
    changed[2] = changed[2].replace(b"resumed", b"stalled")
    made = []
    original = zlib.compressobj
    monkeypatch.setattr(
        compression.zlib, "compressobj", lambda *a, **k: made.append(1) or original(*a, **k)
    )

    packed = compression.gzip_of(changed)

    # The piece itself, and the next, whose dictionary it is.
    assert len(made) == 2
    assert gzip.decompress(packed) == b"".join(changed)


def test_pieces_reach_back_into_the_one_before():
    # Entries of a few kilobytes sharing their markup and vocabulary, as a feed's do.
    words = random.Random(17).choices(["talks", "gas", "Baku", "NATO", "budget", "region"], k=6000)
    entries = [
        f"<entry><title>Talks {n}</title><p>{' '.join(words[n * 600 : n * 600 + 600])}</p></entry>".encode()
        for n in range(10)
    ]
    whole = len(gzip.compress(b"".join(entries), compresslevel=6, mtime=0))
    alone = sum(len(zlib.compress(entry, 6)) for entry in entries)  # no dictionary

    packed = len(compression.gzip_of(entries))

    assert packed < alone * 0.9
    assert packed <= whole * 1.1  # each piece pays its own block headers


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(compression._kept, "size", 3)

    compression.gzip_of(ENTRIES)

    assert len(compression._kept) == 3
