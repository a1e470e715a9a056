"""Reads kept from one request to the next while the static edition is written.

Why: the edition asks for eleven URLs of every document (its page and diplomatic view, the
history, the current version in both views, six exports), and each request loaded the document
with its texts and annotations again, while the page, the diplomatic view and both views of the
version computed the same related documents again: together about 40 % of an edition's time,
most of it Django compiling the same queries. Inside :func:`keeping`, :func:`read` keeps such a
read's answer for the next request that asks for it.

Why keyed by the archive's generation (:mod:`.generation`): a change committed while an
edition is written (an editor withdraws a document) makes a new generation, and every kept
answer is dropped. The generation is read once, as a request begins (one indexed read); during
the request a kept answer is given only while this process has written nothing (the
generation's in-process counter, no query), so a request sees the archive as it was when it
began, or reads afresh.

Why only inside :func:`keeping` (the edition's :class:`~sourcebook.edition.render.Renderer`): a
server's workers already keep whole pages (:mod:`.responsecache`), and readers rarely ask for
the same document's eleven URLs in a row; keeping documents there would cost every worker
memory for little. A context variable, not a global, so a thread serving requests beside the
edition never sees its reads.

What is kept must not be changed by its readers: the same objects go to the next request.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from . import generation

T = TypeVar("T")
# Answers kept at most. The crawl renders a document's own URLs right after its page, so a few
# would do; the rest is room for the documents a page lists (and bounds the memory: ~250 MB).
MOST_KEPT = 512


class Kept:
    """Answers of one generation, least recently used first out."""

    def __init__(self, most: int = MOST_KEPT):
        self.most = most
        self.generation: tuple | None = None  # generation.current() of the answers
        self.answers: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = 0  # answers given again (the tests read it)


_active: ContextVar[Kept | None] = ContextVar("sourcebook_kept_reads", default=None)


@contextlib.contextmanager
def keeping(kept: Kept) -> Iterator[Kept]:
    """Within this block (one request), :func:`read` keeps answers in ``kept``, which outlives
    the block, so the next request finds them while the archive's generation is the same."""
    current = generation.current()
    if current != kept.generation:
        kept.answers.clear()
        kept.generation = current
    # No generation row (a test database just emptied): nothing is kept.
    token = _active.set(kept if current is not None else None)
    try:
        yield kept
    finally:
        _active.reset(token)


def read(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer it gave for ``key`` in this generation while keeping."""
    kept = _active.get()
    if kept is None or generation.local() != kept.generation[1]:
        return compute()  # not keeping, or this process wrote since the request began
    answers = kept.answers
    if key in answers:
        answers.move_to_end(key)
        kept.hits += 1
        return answers[key]  # type: ignore[return-value]
    answer = compute()
    answers[key] = answer
    if len(answers) > kept.most:
        answers.popitem(last=False)
    return answer
