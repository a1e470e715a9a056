"""OCR with Tesseract 5 (through pytesseract): hOCR kept, words with their confidences.

Why hOCR: one Tesseract run gives the text, each word's box and confidence (``x_wconf``), and a
standard file other tools read; the plain text and the word list are parsed from it. The
language comes from the record's original language (:func:`tesseract_languages`). No Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html

from .languages import codes_for

# ISO 639-1 (or BCP 47) → Tesseract's traineddata names (Debian tesseract-ocr-*).
TESSERACT = {
    "en": "eng",
    "ru": "rus",
    "zh": "chi_sim",
    "zh-Hans": "chi_sim",
    "zh-Hant": "chi_tra",
    "ko": "kor",
    "de": "deu",
    "hu": "hun",
    "fr": "fra",
    "ja": "jpn",
}


@dataclass
class Word:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


@dataclass
class PageText:
    hocr: str
    lines: list[list[Word]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(_join(line) for line in self.lines)


def tesseract_languages(original_language: str, installed: set[str]) -> str:
    """``Russian`` → ``rus``; ``Chinese; Korean`` → ``chi_sim+kor``; English when nothing fits."""
    wanted = []
    for code in codes_for(original_language or ""):
        name = TESSERACT.get(code) or TESSERACT.get(code.split("-")[0])
        if name and name in installed and name not in wanted:
            wanted.append(name)
    return "+".join(wanted) or "eng"


def recognize(image_path: str, languages: str, psm: int = 6) -> PageText:
    """One page read by Tesseract. Page segmentation mode 6 (one block of text) by default:
    on typed single-column pages it read skewed and Korean pages that mode 3 (automatic layout)
    split into jumbled fragments or found empty (bench/ocr.py); mode 3 is tried when 6 finds
    nothing, and may be chosen for multi-column pages (``SOURCEBOOK_OCR_PSM``)."""
    import pytesseract

    result = PageText(hocr="")
    for mode in dict.fromkeys((psm, 3)):
        hocr = pytesseract.image_to_pdf_or_hocr(
            str(image_path), lang=languages, extension="hocr", config=f"--psm {mode}"
        )
        result = parse_hocr(hocr.decode("utf-8"))
        if result.lines:
            break
    return result


def installed_languages() -> set[str]:
    import pytesseract

    return set(pytesseract.get_languages(config=""))


def parse_hocr(text: str) -> PageText:
    tree = html.fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    page = PageText(hocr=text)
    for line in tree.xpath(
        "//*[contains(@class,'ocr_line') or contains(@class,'ocr_caption') or contains(@class,'ocr_header') or contains(@class,'ocr_textfloat')]"
    ):
        words = []
        for el in line.xpath(".//*[contains(@class,'ocrx_word')]"):
            word = el.text_content().strip()
            if not word:
                continue
            title = el.get("title", "")
            conf = re.search(r"x_wconf (\d+)", title)
            box = re.search(r"bbox (\d+) (\d+) (\d+) (\d+)", title)
            words.append(
                Word(
                    word,
                    float(conf.group(1)) if conf else 0.0,
                    tuple(int(g) for g in box.groups()) if box else (0, 0, 0, 0),
                )
            )
        if words:
            page.lines.append(words)
    return page


_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _join(words: list[Word]) -> str:
    """Words of a line: Chinese characters come one word each and are joined without spaces."""
    out = ""
    for word in words:
        if out and not (_CJK.match(word.text[0]) and _CJK.match(out[-1]) and not _hangul(out[-1])):
            out += " "
        out += word.text
    return out


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7af"


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance over the reference's length (whitespace ignored)."""
    ref = "".join(reference.split())
    hyp = "".join(hypothesis.split())
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        current = [i]
        for j, b in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] / len(ref)
