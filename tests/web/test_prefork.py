"""Workers forked from a loaded supervisor (web/prefork.py): Kiwi loaded before a fork still analyses in the
child, batches included, exactly as a threaded Kiwi does; and forking is refused where it is unsafe."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bitgoeul.web import prefork

TEXTS = ["광주 인공지능 데이터센터에서 스마트팜 병해 진단 모델을 학습합니다.", "축사 CCTV 영상으로 가축 이상 행동 탐지",
         "Gwangju AI startups build computer vision systems", ""]

FORKED = """
import json, multiprocessing, sys
from bitgoeul.text.analyse import index_terms, index_terms_many, single_threaded
texts = json.loads(sys.argv[1])
single_threaded()
index_terms("광주")  # Kiwi loaded before the fork, as the supervisor does

def child(queue):
    queue.put([list(terms) for terms in index_terms_many(texts)])

context = multiprocessing.get_context("fork")
queue = context.Queue()
process = context.Process(target=child, args=(queue,))
process.start()
print(json.dumps(queue.get(timeout=120)))
process.join(30)
"""

THREADED = """
import json, sys
from bitgoeul.text.analyse import index_terms_many
print(json.dumps([list(terms) for terms in index_terms_many(json.loads(sys.argv[1]))]))
"""


def _run(script: str) -> object:
    out = subprocess.run([sys.executable, "-c", script, json.dumps(TEXTS, ensure_ascii=False)],
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_forked_worker_analyses_batches_like_a_threaded_kiwi() -> None:
    forked = _run(FORKED)
    assert forked == _run(THREADED)  # Kiwi's own batch mode, with its worker threads, in a fresh process
    assert isinstance(forked, list) and forked[0] and forked[-1] == []


def test_forking_is_refused_with_several_model_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGOEUL_EMBED_THREADS", "2")
    assert prefork.can_fork() is not None
    monkeypatch.setenv("BITGOEUL_EMBED_THREADS", "1")
    assert prefork.can_fork() is None
