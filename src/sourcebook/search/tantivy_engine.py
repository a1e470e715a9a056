"""The Tantivy engine: an embedded index in ``$SOURCEBOOK_HOME/index``.

Why Tantivy: measured on this machine it answers broad queries with facet counts in a few
milliseconds where SQL full-text engines take hundreds (see the issue and bench/RESULTS.md).

Design notes:

* Text is tokenized in Python (:mod:`.analysis`) and indexed with a whitespace tokenizer, so the
  query side and the index side can never disagree.
* Facets are raw fast fields counted with Tantivy's terms aggregation, in one pass, and kept
  per index generation (:mod:`.facet_cache`) until the next commit; so is each page of hits
  (its count and document addresses).
* The outbox position lives in a meta document (``kind=meta``) rewritten in every commit, so
  the position and the changes it covers are published together or not at all; so do the
  outbox ids passed over while missing (:mod:`.outbox_gaps`).
* One writer at a time across processes: an ``fcntl`` lock file beside the index. Readers never
  take it; each process keeps one searcher and reloads it only when ``meta.json`` changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import tantivy

from . import analysis, analysis_stamp, facet_counting, match_bound, outbox_gaps
from .display_cache import DisplayCache
from .documents import DEFAULT_FACETS, FACETS, IndexDoc
from .engine import EngineResults, Hit, Request
from .facet_cache import FacetCache
from .query import Alt

# Bumped whenever the fields change; an index with another stamp is rebuilt from the outbox.
# 11: persons' natural order (Rusk, Dean: Dean Rusk); 10: word starts
# (:func:`.analysis.word_starts`); 9: word pairs; 8: name-key shingles, sample
SCHEMA_VERSION = "11"


def _stamp(path: Path) -> str:
    """Schema version and analysis stamp: an index with another one is rebuilt."""
    return f"{SCHEMA_VERSION}-{analysis_stamp.stamp(path)}"


TOKENIZER = "sb"
UNDATED_ASC = 10**8  # undated documents sort after dated ones, in both directions
UNDATED_DESC = -1
META_ID = "__sourcebook_meta__"

# Scope -> [(field, boost)] for words; and the name-key field of each scope.
SCOPE_FIELDS: dict[str | None, list[tuple[str, float]]] = {
    # People and places count too: their authority records' variant names are indexed there.
    None: [("title", 3.0), ("summary", 2.0), ("body", 1.0), ("person", 1.0), ("place", 1.0)],
    "title": [("title", 1.0)],
    "text": [("body", 1.0)],
    "person": [("person", 1.0)],
    "place": [("place", 1.0)],
}
SCOPE_KEYS = {
    None: ["names", "person_keys", "place_keys"],
    "text": ["names"],
    "person": ["person_keys"],
    "place": ["place_keys"],
}


KEY_FIELDS = ("names", "person_keys", "place_keys")
SHINGLES = analysis.SHINGLE_FIELD
WORD_FIELDS = ("title", "summary", "body", "person", "place")
PAIRS = analysis.PAIRS_FIELD


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("kind", tokenizer_name="raw")
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("idv", tokenizer_name="raw", fast=True)
    for name in (
        "title",
        "summary",
        "body",
        "person",
        "place",
        "names",
        "person_keys",
        "place_keys",
    ):
        sb.add_text_field(name, tokenizer_name=TOKENIZER)
    for name in KEY_FIELDS:  # term queries only: no positions
        sb.add_text_field(f"{name}{SHINGLES}", tokenizer_name=TOKENIZER, index_option="freq")
    for name in WORD_FIELDS:  # term queries and filters only: no positions
        sb.add_text_field(f"{name}{PAIRS}", tokenizer_name=TOKENIZER, index_option="freq")
    for name in FACETS:
        sb.add_text_field(f"f_{name}", tokenizer_name="raw", fast=True)
    sb.add_integer_field("date_start", indexed=True, fast=True)
    sb.add_integer_field("date_end", indexed=True, fast=True)
    sb.add_integer_field("date_asc", fast=True)
    sb.add_integer_field("date_desc", fast=True)
    sb.add_integer_field("position", stored=True)
    sb.add_bytes_field("gaps", stored=True)  # JSON, :mod:`.outbox_gaps`
    # For `check`: the database primary key (sort order and cursor), the version, and a hash
    # of the public id, all fast fields, so walking the index reads no stored document.
    sb.add_integer_field("pk", indexed=True, fast=True)
    sb.add_integer_field("ver", fast=True)
    sb.add_integer_field("idhash", fast=True)
    # Which samples a document is in (:func:`sample_tokens`), for facet counts estimated from a
    # sample (:mod:`.facet_counting`). Doc ids only.
    sb.add_text_field("sample", tokenizer_name="raw", index_option="basic")
    sb.add_bytes_field("display", stored=True)
    return sb.build()


class IndexEntry(NamedTuple):
    pk: int
    version: int
    id_hash: int
    address: object


def id_hash(public_id: str) -> int:
    """A 63-bit hash of a public id: tells whether an index entry and a database row with the
    same primary key are the same document (an index from another database may not be)."""
    digest = hashlib.blake2b(public_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


# One document in 16, and one in 256 for archives past a few million documents. The samples
# nest (one in 256 is part of one in 16), and which documents they hold follows from the
# public id alone: the same for every query, every process and every rebuild of the index.
SAMPLE_RATES = (16, 256)
SAMPLED_DOCS = 16_000  # one in 256 once that leaves at least this many documents in the sample


def sample_tokens(public_id: str) -> list[str]:
    """The samples a document is in: ``"16"`` for one in 16, ``"256"`` for one in 256."""
    h = id_hash(public_id)
    return [str(rate) for rate in SAMPLE_RATES if h % rate == 0]


def _analyzer():
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(100))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


_OPEN: dict[str, TantivyEngine] = {}
_OPEN_LOCK = threading.Lock()


def open_engine(path: Path) -> TantivyEngine:
    """The process-wide engine for ``path`` (one index object and searcher per process)."""
    key = str(Path(path).resolve())
    with _OPEN_LOCK:
        engine = _OPEN.get(key)
        if engine is None:
            engine = _OPEN[key] = TantivyEngine(Path(key))
        return engine


class TantivyEngine:
    def __init__(self, path: Path):
        self.path = path
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = _schema()
        self._thread_lock = threading.RLock()
        self._lock_depth = 0
        self._lock_fh = None
        self._searcher = None
        self._seen = None
        self.facet_cache = FacetCache()
        # (searcher, its generation, its stored displays read so far), swapped as one on reload
        self._view = (None, 0, DisplayCache())
        self._position = None  # (searcher, its outbox position)
        self._facets_present = None  # (searcher, the facets it has values for)
        self._open()

    # Opening ------------------------------------------------------------------------------

    def _open(self) -> None:
        stamp = self.path / "SCHEMA_VERSION"
        expected = _stamp(self.path)
        if tantivy.Index.exists(str(self.path)) and (
            not stamp.exists() or stamp.read_text().strip() != expected
        ):
            # An index from an older schema: start empty; the outbox refills it from event 0.
            with self.lock():
                for child in self.path.iterdir():
                    if child.name not in (".writer.lock", analysis_stamp.MEMO):
                        child.unlink() if child.is_file() else None
        self._tindex = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self._tindex.register_tokenizer(TOKENIZER, _analyzer())
        self._tindex.config_reader(reload_policy="Manual")
        stamp.write_text(expected)

    def _meta_stamp(self):
        try:
            st = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self) -> bool:
        """Reload if another commit was made (``meta.json`` changed); True if it did.

        The new searcher is prepared before searches see it: its outbox position and the facets
        it has are read here, which also opens its stored-field and term readers (Tantivy opens
        them on first use: ~1 ms and ~0.7 ms at 20,000 documents, measured, that the first search
        after each commit used to pay). Whoever reloads pays it: the indexer thread of ``serve``
        right after its own commit, or the first search of a worker that sees the commit.
        """
        stamp = self._meta_stamp()
        if self._searcher is not None and stamp == self._seen:
            return False
        with self._thread_lock:
            if self._searcher is not None and stamp == self._seen:
                return False  # another thread reloaded while this one waited
            self._reload()
            searcher = self._tindex.searcher()
            self._position = (searcher, *self._read_meta(searcher))
            self._facets_present = (searcher, self._present(searcher))
            self._searcher = searcher
            self._seen = stamp
            displays = DisplayCache(previous=self._view[2])
            self._view = (searcher, self.facet_cache.new_generation(), displays)
        return True

    def _reload(self, attempts: int = 5) -> None:
        """Reload the reader, trying again if a writer in another process removed a segment
        file between our reading ``meta.json`` and opening the files it lists.

        Why: the writer's garbage collection protects only its own process's readers. A reader
        elsewhere that reloads at the moment a merge commits reads the old segment list and
        fails to open a file that has just gone; the next ``meta.json`` lists what exists.
        """
        for attempt in range(attempts):
            try:
                self._tindex.reload()
                return
            except ValueError:  # tantivy-py's OpenReadError ("file does not exist")
                if attempt == attempts - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))

    def facets_present(self, searcher) -> set[str]:
        """Facets with at least one value in the index (per searcher): counting a facet no
        document has costs a pass over every hit for nothing."""
        seen = self._facets_present
        if seen is not None and seen[0] is searcher:
            return seen[1]
        return self._present(searcher)

    @staticmethod
    def _present(searcher) -> set[str]:
        present = set()
        for name in FACETS:
            try:
                if searcher.terms_with_prefix(f"f_{name}", "", limit=1):
                    present.add(name)
            except Exception:
                present.add(name)  # unknown: count it
        return present

    @property
    def searcher(self):
        self.refresh()
        return self._searcher

    # Writing ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None):
        """Exclusive writer lock across processes (and threads of this one)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            raise TimeoutError("the search index is being written by another thread")
        try:
            if self._lock_depth == 0:
                fh = open(self.path / ".writer.lock", "a+")  # noqa: SIM115
                while True:
                    try:
                        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if deadline is not None and time.monotonic() >= deadline:
                            fh.close()
                            raise TimeoutError(
                                "the search index is being written by another process"
                            ) from None
                        time.sleep(0.02)
                self._lock_fh = fh
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_fh is not None:
                    fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
                    self._lock_fh.close()
                    self._lock_fh = None
        finally:
            self._thread_lock.release()

    def _to_tantivy(self, d: IndexDoc) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("kind", "doc")
        doc.add_text("id", d.id)
        doc.add_text("idv", f"{d.id}\x1f{d.version}")
        _add_words(doc, "title", d.title)
        _add_words(doc, "summary", d.summary)
        for text in d.texts:
            _add_words(doc, "body", text["body"])
        if d.citation.strip():  # the citation, credits and reference: translators, funders, …
            _add_words(doc, "body", d.citation)
        sources = [(d.title, None), (d.summary, None)]
        sources += [(t["body"], t.get("language")) for t in d.texts]
        for source, language in sources:
            _add_keys(doc, "names", analysis.name_keys(source, language))
        for person in d.persons + d.person_variants:
            _add_words(doc, "person", person)
            _add_keys(doc, "person_keys", analysis.name_keys(person))
        for place in d.places + d.place_variants:
            _add_words(doc, "place", place)
            _add_keys(doc, "place_keys", analysis.name_keys(place))
        for name in FACETS:
            for value in d.facets.get(name, []):
                doc.add_text(f"f_{name}", value)
        if d.earliest is not None:
            doc.add_integer("date_start", d.earliest.toordinal())
            doc.add_integer("date_asc", d.earliest.toordinal())
        else:
            doc.add_integer("date_asc", UNDATED_ASC)
        if d.latest is not None:
            doc.add_integer("date_end", d.latest.toordinal())
        doc.add_integer(
            "date_desc", (d.latest or d.earliest).toordinal() if d.earliest else UNDATED_DESC
        )
        doc.add_integer("pk", int(d.pk))
        doc.add_integer("ver", int(d.version))
        doc.add_integer("idhash", id_hash(d.id))
        for token in sample_tokens(d.id):
            doc.add_text("sample", token)
        doc.add_bytes("display", json.dumps(d.display(), ensure_ascii=False).encode("utf-8"))
        return doc

    def write(
        self,
        upserts: Iterable[IndexDoc],
        deletes: Iterable[str],
        position: int | None,
        gaps: list[dict] | None = None,
    ) -> int:
        """Upsert and delete in one commit that also records ``position`` and the open outbox
        ``gaps`` (none when not given), unless ``position`` is None (both left as they are)."""
        with self.lock():
            writer = self._writer()
            try:
                n = 0
                for pid in deletes:
                    writer.delete_documents_by_term("id", pid)
                for d in upserts:
                    writer.delete_documents_by_term("id", d.id)
                    writer.add_document(self._to_tantivy(d))
                    n += 1
                if position is not None:
                    writer.delete_documents_by_term("id", META_ID)
                    writer.add_document(_meta(position, gaps))
                self.before_commit()
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.rollback()
                raise
            finally:
                del writer
        self.refresh()
        return n

    def _writer(self):
        """A writer, once the files a killed commit left behind are removed (call under the lock).

        Why: a commit writes its segment and deletion files, then ``meta.json``. Killed between
        the two (kill -9, power cut), the files stay, unreferenced. The next run replays the
        same outbox events with the same operation stamps, so its commit wants the same file
        names and fails ("FileAlreadyExists ….del") on every run after: the index could never
        be written again. Tantivy's garbage collection removes the files no commit references;
        it otherwise runs only after a commit that succeeds.
        """
        writer = self._tindex.writer(heap_size=64_000_000, num_threads=1)
        writer.garbage_collect_files()
        return writer

    def before_commit(self) -> None:
        """Called just before each commit (a seam for crash tests; does nothing by default)."""

    def index(self, docs: Iterable[IndexDoc], *, position: int | None = None) -> int:
        return self.write(docs, [], position)

    def delete(self, ids: Iterable[str], *, position: int | None = None) -> None:
        self.write([], ids, position)

    def clear(self, *, position: int = 0) -> None:
        with self.lock():
            writer = self._writer()
            writer.delete_all_documents()
            writer.add_document(_meta(position, None))
            writer.commit()
            writer.wait_merging_threads()
            del writer
        self.refresh()

    # Reading ------------------------------------------------------------------------------

    def _kind(self, kind: str):
        return tantivy.Query.term_query(self.schema, "kind", kind)

    def position(self) -> int:
        """The outbox position of the newest commit; read once per searcher (a searcher is a
        snapshot: its meta document cannot change; every search asks for it)."""
        return self._position_of(self.searcher)

    def gaps(self) -> list[dict]:
        """The outbox gaps still open at the newest commit (:mod:`.outbox_gaps`)."""
        return self._meta_of(self.searcher)[1]

    def _position_of(self, searcher) -> int:
        return self._meta_of(searcher)[0]

    def _meta_of(self, searcher) -> tuple[int, list[dict]]:
        seen = self._position
        return seen[1:] if seen is not None and seen[0] is searcher else self._read_meta(searcher)

    def _read_meta(self, searcher) -> tuple[int, list[dict]]:
        found = searcher.search(self._kind("meta"), 1, count=False).hits
        if not found:
            return 0, []
        meta = searcher.doc(found[0][1])
        gaps = meta.get_first("gaps")
        return int(meta.get_first("position") or 0), json.loads(bytes(gaps)) if gaps else []

    def count(self) -> int:
        return self.searcher.search(self._kind("doc"), 1, count=True).count

    def walk(self, page: int = 5000) -> Iterator[IndexEntry]:
        """Every indexed document as ``(pk, version, id hash, address)``, in primary-key order,
        ``page`` at a time from one searcher (a consistent snapshot).

        Why not one terms aggregation over the ids: it holds every bucket at once, and Tantivy
        refuses more than 65,000, so ``check`` crashed on larger archives. Why not sorting by
        the id text: its cost grows with the offset. An integer cursor (``pk >= last``) costs
        the same on every page.
        """
        searcher = self.searcher
        Q = tantivy.Query
        cursor, limit = None, page
        while True:
            query = self._kind("doc")
            if cursor is not None:
                after = Q.range_query(
                    self.schema, "pk", tantivy.FieldType.Integer, lower_bound=cursor
                )
                query = Q.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, after)])
            hits = searcher.search(
                query, limit=limit, count=False, order_by_field="pk", order=tantivy.Order.Asc
            ).hits
            full = len(hits) == limit
            if full:
                last = hits[-1][0]
                if hits[0][0] == last:  # one pk fills the page (duplicates): read it whole
                    limit *= 2
                    continue
                hits = [h for h in hits if h[0] != last]  # the last pk's entries come next page
            addresses = [a for _, a in hits]
            versions = searcher.fast_field_values("ver", addresses)
            hashes = searcher.fast_field_values("idhash", addresses)
            for (pk, address), version, digest in zip(hits, versions, hashes, strict=True):
                yield IndexEntry(int(pk), int(version or 0), int(digest or 0), address)
            if not full:
                return
            cursor, limit = last, page

    def stored_id(self, address) -> str:
        """The public id of one indexed document (reads its stored fields)."""
        return self.searcher.doc(address).get_first("id")

    # Queries ------------------------------------------------------------------------------

    def _key_query(self, fname: str, phrase: list[str]):
        """Documents where the run of name keys ``phrase`` occurs in ``fname``: one term of its
        shingle field where a shingle holds the run, else a phrase query on the keys."""
        token = analysis.shingle(phrase)
        if token is None:
            return self._field_query(fname, phrase, False)
        return tantivy.Query.term_query(self.schema, f"{fname}{SHINGLES}", token)

    def _field_query(self, fname: str, tokens: list[str], prefix: bool):
        Q = tantivy.Query
        if prefix:
            return Q.phrase_prefix_query(self.schema, fname, tokens)
        if len(tokens) == 1:
            return Q.term_query(self.schema, fname, tokens[0])
        if fname not in WORD_FIELDS:
            return Q.phrase_query(self.schema, fname, tokens)
        return self._pairs_query(fname, tokens)

    def _pairs_query(self, fname: str, tokens: list[str]):
        """A phrase of a word field through its pairs (:func:`.analysis.word_pairs`): two
        tokens are one term of the pairs field; more are a phrase query that only the documents
        holding every pair are checked by (the pairs score nothing: the phrase ranks)."""
        Q = tantivy.Query
        pairs = analysis.phrase_pairs(tokens)
        if len(tokens) == 2 and pairs:
            return Q.term_query(self.schema, f"{fname}{PAIRS}", pairs[0])
        phrase = Q.phrase_query(self.schema, fname, tokens)
        if not pairs:
            return phrase
        held = [  # each distinct pair once ("the a of the a" repeats one)
            Q.const_score_query(Q.term_query(self.schema, f"{fname}{PAIRS}", p), 0.0)
            for p in dict.fromkeys(pairs)
        ]
        return Q.boolean_query([(tantivy.Occur.Must, q) for q in [*held, phrase]])

    def _alt(self, alt: Alt):
        Q = tantivy.Query
        should = []
        if alt.parts:
            should.append(Q.boolean_query([(tantivy.Occur.Must, self._alt(p)) for p in alt.parts]))
        else:
            for fname, boost in SCOPE_FIELDS.get(alt.scope, SCOPE_FIELDS[None]):
                q = self._field_query(fname, alt.tokens, alt.prefix)
                should.append(Q.boost_query(q, boost) if boost != 1.0 else q)
        for keys in SCOPE_KEYS.get(alt.scope, []):
            for phrase in alt.name_phrases:
                should.append(self._key_query(keys, phrase))
        if len(should) == 1:
            return should[0]
        return Q.boolean_query([(tantivy.Occur.Should, q) for q in should])

    def _query(self, request: Request, sample: str | None = None):
        """The request as one Tantivy query; with ``sample`` (``"16"``), only the documents of
        that sample (:func:`sample_tokens`). The sample saves the counting of facets, not the
        matching: a phrase is still checked in every document that holds its words (measured,
        ``bench/query_costs.py``)."""
        Q = tantivy.Query
        Occur = tantivy.Occur
        parts = [(Occur.Must, self._kind("doc"))]
        if sample is not None:
            parts.append((Occur.Must, Q.term_query(self.schema, "sample", sample)))
        for clause in request.plan.clauses:
            alts = [self._alt(a) for a in clause.alts]
            q = alts[0] if len(alts) == 1 else Q.boolean_query([(Occur.Should, a) for a in alts])
            parts.append((Occur.MustNot if clause.negated else Occur.Must, q))
        for name, values in request.filters.items():
            if name not in FACETS:
                continue
            for value in values:
                parts.append(
                    (
                        Occur.Must,
                        Q.const_score_query(Q.term_query(self.schema, f"f_{name}", value), 0.0),
                    )
                )
        dated = self._date_range(request)
        if dated is not None:
            if request.undated:  # "undated=include": the range, or no date at all
                undated = Q.boolean_query(
                    [
                        (Occur.Must, self._kind("doc")),
                        (Occur.MustNot, self._date_range_query("date_start", lower=0)),
                    ]
                )
                dated = Q.boolean_query([(Occur.Should, dated), (Occur.Should, undated)])
            parts.append((Occur.Must, dated))
        return Q.boolean_query(parts)

    def _date_range_query(
        self, field_name: str, *, lower: int | None = None, upper: int | None = None
    ):
        bounds = {}
        if lower is not None:
            bounds["lower_bound"] = lower
        if upper is not None:
            bounds["upper_bound"] = upper
        return tantivy.Query.range_query(
            self.schema, field_name, tantivy.FieldType.Integer, **bounds
        )

    def _date_range(self, request: Request):
        """Documents whose possible dates overlap the request's range (None: no range).

        An undated document has neither ``date_start`` nor ``date_end``, so no range matches it.
        """
        Occur = tantivy.Occur
        parts = []
        if request.date_to is not None:
            parts.append(
                (
                    Occur.Must,
                    self._date_range_query("date_start", upper=request.date_to.toordinal()),
                )
            )
        if request.date_from is not None:
            parts.append(
                (
                    Occur.Must,
                    self._date_range_query("date_end", lower=request.date_from.toordinal()),
                )
            )
        return tantivy.Query.boolean_query(parts) if parts else None

    def search(self, request: Request) -> EngineResults:
        self.refresh()
        searcher, generation, displays = self._view
        query = self._query(request)
        sort, kwargs = _order(request)
        results = EngineResults(total=0, hits=[])
        total, found = self._answer(searcher, generation, query, request, sort, kwargs, results)
        results.total = total
        for key, address in found:
            display, digest = displays.read(searcher, address)
            score = float(key) if sort == "relevance" else 0.0
            results.hits.append(Hit(display["id"], score, display, digest))
        results.position, gaps = self._meta_of(searcher)
        results.gaps = outbox_gaps.ranges(gaps)
        return results

    FACET_BUDGET = 1.0  # seconds; facets past it are skipped with a note

    def _answer(self, searcher, generation, query, request: Request, sort, kwargs, results):
        """``(total, ((score, address), ...))`` of the requested page, and the facets into
        ``results``: what the generation keeps (:mod:`.facet_cache`), the rest counted beside
        the top hits (:mod:`.facet_counting`), whose total then comes from the counting (or
        from the ranking when the counts may be estimated from a sample)."""
        base, wanted = (generation, _request_key(request)), _wanted(request)
        missing = self._kept_facets(searcher, base, wanted, results)
        page = (*base, sort, request.offset, request.limit)
        kept = self.facet_cache.get_hits(page)
        counting = sample = None
        if missing:
            sample = self._sampling(searcher, request)
            counting = facet_counting.start(
                searcher, query, request, missing, self.FACET_BUDGET, sample
            )
        if kept is None:
            total = self.facet_cache.get_total(base)
            ranked = searcher.search(
                query,
                limit=request.limit,
                count=total is None and (counting is None or sample is not None),
                offset=request.offset,
                **kwargs,
            )
            total = ranked.count if ranked.count is not None else total
            hits = tuple(ranked.hits)
        if counting is not None:
            counted = counting.result()
            self._keep_counted(base, generation, counted, results)
            if kept is None and total is None:
                total = counted.total
                if total is None:  # the aggregation failed: count the matches alone
                    total = searcher.search(query, limit=1, count=True).count
        if kept is None:
            kept = (total, hits)
            self.facet_cache.put_hits(page, generation, kept)
            if sample is not None:  # the ranking counted: kept for the next page's counts
                self.facet_cache.put_total(base, generation, total)
        results.facets = {n: results.facets[n] for n in wanted if n in results.facets}
        if results.sample_rate:
            results.facets = _at_most(results.facets, kept[0])
        return kept

    def _sampling(self, searcher, request: Request) -> facet_counting.Sample | None:
        """How to estimate this request's facet counts, or None to count them exactly: only
        when the index's term counts allow ``request.estimate_above`` matches or more."""
        above = request.estimate_above
        docs = searcher.num_docs
        if above <= 0 or docs < above:
            return None
        filters = {n: v for n, v in request.filters.items() if n in FACETS}
        bound = match_bound.upper_bound(
            request.plan, filters, searcher.doc_freq, docs, SCOPE_FIELDS, SCOPE_KEYS
        )
        if bound < above:
            return None
        rate = SAMPLE_RATES[-1] if docs >= SAMPLE_RATES[-1] * SAMPLED_DOCS else SAMPLE_RATES[0]
        return facet_counting.Sample(self._query(request, sample=str(rate)), rate, above)

    def _kept_facets(self, searcher, base: tuple, wanted: list[str], results) -> list[str]:
        """Fill ``results.facets`` with what is kept (and with nothing for facets no document
        has); the names still to count. Estimated counts are kept under their own keys."""
        present = self.facets_present(searcher)
        missing = []
        for n in wanted:
            if n not in present:
                results.facets[n] = []
            elif (cached := self.facet_cache.get((*base, n))) is not None:
                results.facets[n] = cached
            elif (estimate := self.facet_cache.get_estimate((*base, n))) is not None:
                results.sample_rate, results.facets[n] = estimate
            else:
                missing.append(n)
        return missing

    def _keep_counted(self, base: tuple, generation: int, counted, results) -> None:
        results.notes.extend(counted.notes)
        rate = counted.sample_rate
        if rate:
            results.sample_rate = rate
        for n, buckets in counted.facets.items():
            results.facets[n] = buckets
            if rate:
                self.facet_cache.put_estimate((*base, n), generation, rate, buckets)
            else:
                self.facet_cache.put((*base, n), generation, buckets)
        if counted.total is not None:
            self.facet_cache.put_total(base, generation, counted.total)


def _at_most(facets: dict, total: int) -> dict:
    """Estimated counts no higher than the exact total: a sample can overshoot a value held by
    nearly every match (16 × 141 sampled = 2,256 of 2,000), and a count above the number of
    results would be a plain error on the page, not an estimate."""
    return {n: [(k, min(c, total)) for k, c in buckets] for n, buckets in facets.items()}


def _add_words(doc: tantivy.Document, fname: str, text: str) -> None:
    """One value of a word field: its index tokens, and their pairs into the pairs field."""
    indexed = analysis.index_text(text)
    doc.add_text(fname, indexed)
    pairs = analysis.word_pairs(indexed)
    if pairs:
        doc.add_text(f"{fname}{PAIRS}", pairs)


def _add_keys(doc: tantivy.Document, fname: str, keys: tuple[list[str], list[str]]) -> None:
    """Each name-key stream into ``fname``; its shingles and the keys that begin a word
    (:func:`.analysis.name_keys`) into ``fname``'s shingle field."""
    streams, starts = keys
    for stream in streams:
        doc.add_text(fname, stream)
        shingles = analysis.key_shingles(stream)
        if shingles:
            doc.add_text(f"{fname}{SHINGLES}", shingles)
    if starts:
        doc.add_text(f"{fname}{SHINGLES}", analysis.word_starts(starts))


def _order(request: Request) -> tuple[str, dict]:
    """The sort a request gets (a browse without words is by date) and Tantivy's arguments."""
    sort = request.sort
    if sort == "relevance" and request.plan.empty:
        sort = "date"
    if sort == "date":
        return sort, {"order_by_field": "date_asc", "order": tantivy.Order.Asc}
    if sort == "-date":
        return sort, {"order_by_field": "date_desc", "order": tantivy.Order.Desc}
    return sort, {}


def _wanted(request: Request) -> list[str]:
    names = DEFAULT_FACETS if request.facets is None else request.facets
    return [n for n in names if n in FACETS]


def _meta(position: int, gaps: list[dict] | None) -> tantivy.Document:
    meta = tantivy.Document()
    meta.add_text("kind", "meta")
    meta.add_text("id", META_ID)
    meta.add_integer("position", int(position))
    if gaps:
        meta.add_bytes("gaps", json.dumps(gaps, separators=(",", ":")).encode("utf-8"))
    return meta


def _request_key(request: Request) -> tuple:
    """What a request's facet counts depend on, in a canonical form: the parsed query, the
    filters (order and repeats aside), the date range and the bucket size. Not the page or
    sort: page 2 of a search has the counts of page 1."""
    filters = tuple(sorted((n, tuple(sorted(set(v)))) for n, v in request.filters.items() if v))
    return (
        request.plan.key,
        filters,
        request.date_from,
        request.date_to,
        bool(request.undated and (request.date_from or request.date_to)),
        request.facet_size,
        request.estimate_above,
    )
