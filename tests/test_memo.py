"""geo.memo: the thread-safe LRU memo behind the dashboard's downloads."""

from __future__ import annotations

import threading

import pytest

from geo.memo import LruMemo


def test_builds_once_and_keeps_the_most_recent():
    memo: LruMemo[str] = LruMemo(2)
    calls: list[str] = []

    def build(key: str):
        return lambda: calls.append(key) or key.upper()

    assert memo.get("a", build("a")) == "A"
    assert memo.get("a", build("a")) == "A"
    assert calls == ["a"]
    memo.get("b", build("b"))
    memo.get("a", build("a"))  # "a" is now the most recent
    memo.get("c", build("c"))  # so "b" goes
    assert "a" in memo and "c" in memo and "b" not in memo
    assert len(memo) == 2
    assert calls == ["a", "b", "c"]


def test_a_failed_build_keeps_nothing():
    memo: LruMemo[int] = LruMemo(2)
    with pytest.raises(ZeroDivisionError):
        memo.get("x", lambda: 1 // 0)
    assert "x" not in memo
    assert memo.get("x", lambda: 3) == 3


def test_threads_share_one_memo():
    memo: LruMemo[int] = LruMemo(4)
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(memo.get(i % 3, lambda i=i: i % 3)))
        for i in range(30)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(results)) == [0, 1, 2] and len(results) == 30
    assert len(memo) == 3


def test_size_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        LruMemo(0)
