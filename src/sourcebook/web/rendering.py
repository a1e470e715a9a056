"""Turning a text and its apparatus into paragraphs of marked runs for the templates.

Kept apart from the views so the rule is tested on its own: paragraphs break at blank lines in
plain runs only (an apparatus item that spans paragraphs stays whole), and joining every run
gives the body back exactly, so nothing the archive wrote is lost in display.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape

from sourcebook.core.apparatus import LABELS, segments
from sourcebook.core.pages import marker_label
from sourcebook.core.record import Annotation


@dataclass
class Run:
    text: str
    annotation: Annotation | None = None

    @property
    def css(self) -> str:
        if not self.annotation:
            return ""
        css = css_class(self.annotation.type)
        if self.annotation.type == "page":
            css += " page-marker"
        elif self.ocr_confidence is not None:
            css += " ocr-low"
        return css

    @property
    def ocr_confidence(self) -> float | None:
        """The OCR confidence (0-100) of a word the OCR job marked uncertain, else None."""
        if self.annotation is None or self.annotation.type != "uncertain":
            return None
        value = (self.annotation.attrs or {}).get("ocr_confidence")
        return float(value) if isinstance(value, int | float) else None

    @property
    def data(self) -> str:
        """Extra ``data-`` attributes of the run's span after its type (escaped): the page a
        page marker names (the scan viewer maps it to a canvas), a low OCR word's confidence.
        The label a reader sees is made from the type and these per request
        (:mod:`.text_words`), so the cached HTML carries no words of the interface."""
        if not self.annotation:
            return ""
        if self.annotation.type == "page":
            return f' data-page="{escape(marker_label(self.annotation.text))}"'
        if self.ocr_confidence is not None:
            return f' data-confidence="{self.ocr_confidence:.0f}"'
        return ""

    @property
    def place(self) -> str:
        """`` data-place="…"`` (``left margin``, as the archive wrote it) of a mark whose place
        is named, else ``""``. It comes before the type, so that the label added after the
        ``data-`` attributes follows the type as it did when the label was cached."""
        if self.annotation and self.annotation.place:
            return f' data-place="{escape(self.annotation.place)}"'
        return ""


def paragraphs(body: str, annotations: list[Annotation]) -> list[list[Run]]:
    paras: list[list[Run]] = [[]]
    for text, ann in segments(body, annotations):
        if ann is not None:
            paras[-1].append(Run(text, ann))
            continue
        pieces = text.split("\n\n")
        for k, piece in enumerate(pieces):
            if k > 0:
                paras.append([])
            stripped = piece.strip("\n") if k > 0 or len(pieces) > 1 else piece
            if stripped:
                paras[-1].append(Run(stripped))
    return [p for p in paras if p and any(r.text.strip() for r in p)]


def css_class(kind: str) -> str:
    return f"ann ann-{kind.replace('_', '-')}"


def legend(annotations: list[Annotation]) -> list[tuple[str, str, int, str]]:
    """(type, label, count, css class) for the apparatus present, in the order of ``LABELS``."""
    counts: dict[str, int] = {}
    for ann in annotations:
        counts[ann.type] = counts.get(ann.type, 0) + 1
    return [(t, LABELS[t], counts[t], css_class(t)) for t in LABELS if t in counts]
