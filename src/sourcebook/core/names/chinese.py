"""Chinese names: pinyin, Wade–Giles (and postal spellings), Han characters → pinyin syllable keys.

Matching happens in key space: a name is the sequence of its toneless pinyin syllables (ü as v),
whatever the spelling, spacing or hyphenation. ``Zhou Enlai``, ``Chou En-lai``, ``周恩来`` and
``周恩來`` are all ``zhou en lai``. Characters cannot be enumerated from a romanization (homophones),
so nothing is ever converted *to* characters; characters are converted to keys.

Rules:
- Pinyin: tone marks dropped, ü/v/u: kept as v; a word is split into syllables (fewest syllables;
  on a tie, later syllables start with a consonant: ``Fangan`` = fan gan); ``'`` and ``-`` split.
- Wade–Giles: syllables separated by hyphens or spaces (``En-lai``); the apostrophe marks aspiration
  and matters: ``Chou`` = zhou, ``Ch'ou`` = chou. Print often drops apostrophes and umlauts
  (``Liu Shao-chi``, ``Teng Hsiao-ping``), so when a name uses *no* apostrophe its unaspirated
  syllables may also read aspirated (chi → ji or qi), and when it uses no ü a u may read ü; the
  reading as written comes first and is the one indexed.
- Postal spellings of place names (``Peking``, ``Nanking``, ``Tientsin``, ``Tsingtao``,
  ``Chungking``, ``Kwangtung``, ``Sinkiang``) are parsed with a small table of postal syllables
  (king, kiang, kwang, kwei, chow, kow, tsin, tsing, sin, si, sze, chwan, pe, soo) and read like
  Wade–Giles without apostrophes. Conventional names that are not romanizations of Mandarin
  (Canton, Amoy, Mukden, Port Arthur, Chiang Kai-shek, Sun Yat-sen) are not derivable by rule; they
  match only through variant names on authority records (:func:`names.expand_with_variants`).
- Characters: traditional folded to simplified (OpenCC), then each character's reading from
  pypinyin's dictionary; a character with several readings takes the reading of the 2–3 character
  word it is part of when pypinyin's phrase dictionary has it (重庆 chong qing, 银行 yin hang).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

from .wade_giles_table import PINYIN_TO_WADE_GILES

PINYIN = frozenset(PINYIN_TO_WADE_GILES)
_MAX_PY = max(map(len, PINYIN))
_APOS = re.compile("[’ʼ‘`´]")
_ASPIRABLE = ("ch", "ts", "tz", "p", "t", "k")
# Longer "words" are not names (URLs, hashes). The regular-expression gate backtracks
# exponentially on pathological strings, so it only screens words up to _GATE_MAX letters.
MAX_WORD = 40
_GATE_MAX = 14
_BREVE = re.compile("[\u0306\u02d8]")
_WG_BREVE_OK = re.compile("(tz|ss|sz)u\u0306", re.IGNORECASE)

# Postal-system syllables (used only inside place names written as one word) → Wade–Giles form
# without apostrophes; they are then read like apostrophe-less Wade–Giles.
POSTAL = {
    "king": "ching",
    "kiang": "chiang",
    "kin": "chin",
    "kiu": "chiu",
    "kia": "chia",
    "kiao": "chiao",
    "kien": "chien",
    "kwang": "kuang",
    "kwei": "kuei",
    "kwai": "kuai",
    "kwan": "kuan",
    "chow": "chou",
    "kow": "kou",
    "tsin": "chin",
    "tsing": "ching",
    "tsi": "chi",
    "tsien": "chien",
    "tsiang": "chiang",
    "sin": "hsin",
    "sing": "hsing",
    "si": "hsi",
    "siang": "hsiang",
    "siao": "hsiao",
    "sien": "hsien",
    "sze": "ssu",
    "chwan": "chuan",
    "soo": "su",
    "foo": "fu",
    "pe": "pei",
    "peh": "pei",
    "yuen": "yüan",
    "hwa": "hua",
    "hwang": "huang",
    "hwei": "hui",
    "fou": "fu",
    "tow": "tou",
    "ngan": "an",
}


def _wg_norm(s: str) -> str:
    """Lower-case WG syllable with ASCII apostrophe, ŭ→u, ê→e; ü kept."""
    s = _APOS.sub("'", unicodedata.normalize("NFC", s.lower()))
    return s.replace("ŭ", "u").replace("ê", "e").replace("u\u0306", "u").replace("ŭ", "u")


def _build_wg() -> dict[str, str]:
    back: dict[str, str] = {}
    for py, wg in PINYIN_TO_WADE_GILES.items():
        back[_wg_norm(wg)] = py
    # Accepted alternative spellings.
    for alt, canon in (("szu", "ssu"), ("sze", "ssu"), ("tzu", "tzu"), ("tz'u", "tz'u")):
        if canon in back:
            back.setdefault(alt, back[canon])
    return back


WG_TO_PINYIN = _build_wg()
_WG_ALL = frozenset(WG_TO_PINYIN) | frozenset(POSTAL)
_MAX_WG = max(map(len, _WG_ALL))


def _aspirated(s: str) -> str | None:
    for init in _ASPIRABLE:
        if s.startswith(init) and not s.startswith(init + "'"):
            return init + "'" + s[len(init) :]
    return None


@lru_cache(maxsize=8192)
def wg_syllable(s: str, strict_apostrophe: bool, strict_umlaut: bool) -> tuple[str, ...]:
    """Pinyin readings of one WG (or postal) syllable, the reading as written first; () if none."""
    s = _wg_norm(s)
    s = POSTAL.get(s, s)
    if s not in WG_TO_PINYIN and s.endswith("eh") and s[:-1] in WG_TO_PINYIN:
        s = s[:-1]  # older print: Chu Teh, Hopeh
    out: list[str] = []
    forms = [s]
    if not strict_umlaut and "u" in s and "ü" not in s:
        forms.append(s.replace("u", "ü", 1))
    if not strict_apostrophe and "'" not in s:
        forms += [a for a in (_aspirated(f) for f in list(forms)) if a]
    for f in forms:
        py = WG_TO_PINYIN.get(f)
        if py and py not in out:
            out.append(py)
    return tuple(out)


def _strip_marks(word: str) -> str:
    """Lower case without tone marks; ü (and u: / v) → v."""
    w = unicodedata.normalize("NFD", word.lower()).replace("u\u0308", "v").replace("u:", "v")
    return "".join(c for c in w if not unicodedata.combining(c))


def _segment(
    s: str, inventory: frozenset[str], maxlen: int, vowel_inside: bool = True
) -> list[str] | None:
    """Split ``s`` into inventory syllables: fewest syllables, then fewest vowel-initial ones.

    ``vowel_inside=False`` is pinyin's own rule: a syllable starting with a, e or o inside a word
    needs an apostrophe (Xi'an, Yan'an), so without one it cannot start there (Kaesong is not
    ka-e-song).
    """
    if len(s) > MAX_WORD:
        return None
    gate = _GATES.get(inventory)
    if gate is not None and len(s) <= _GATE_MAX and not gate.fullmatch(s):
        return None  # no split at all (checked in C: most English words stop here)
    n = len(s)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[n] = (0, 0, [])
    for i in range(n - 1, -1, -1):
        cand = None
        for j in range(min(n, i + maxlen), i, -1):
            syl = s[i:j]
            rest = best[j]
            if rest is None or syl not in inventory:
                continue
            vowel = 1 if (i > 0 and syl[0] in "aeiouv") else 0
            if vowel and not vowel_inside:
                continue
            score = (rest[0] + 1, rest[1] + vowel, [syl] + rest[2])
            if cand is None or score[:2] < cand[:2]:
                cand = score
        best[i] = cand
    return best[0][2] if best[0] else None


def _gate(inventory: frozenset[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(x) for x in sorted(inventory, key=len, reverse=True))
    return re.compile(f"(?:{alternatives})+")


_GATES: dict[frozenset[str], re.Pattern] = {PINYIN: _gate(PINYIN), _WG_ALL: _gate(_WG_ALL)}


@lru_cache(maxsize=16384)
def pinyin_syllables(word: str) -> tuple[str, ...] | None:
    """The pinyin syllables of a romanized word (``Enlai`` → en lai, ``Xi'an`` → xi an), or None."""
    if _BREVE.search(unicodedata.normalize("NFD", word)):
        return None  # ŏ ŭ are McCune–Reischauer; pinyin marks tones with ǒ ǔ
    parts = [p for p in re.split(r"['\-’ʼ]", _strip_marks(word)) if p]
    if not parts:
        return None
    out: list[str] = []
    for p in parts:
        if not p.isascii() or not p.isalpha():
            return None
        seg = _segment(p, PINYIN, _MAX_PY, vowel_inside=False)
        if seg is None:
            return None
        out += seg
    return tuple(out)


@lru_cache(maxsize=16384)
def wg_syllables(
    word: str, strict_apostrophe: bool = True, strict_umlaut: bool = True
) -> tuple[tuple[str, ...], ...] | None:
    """Per syllable, the pinyin readings of a Wade–Giles/postal word (``En-lai``, ``Peking``), or None.

    Hyphen-separated parts are one syllable each; a part without hyphens may be several postal/WG
    syllables run together (place names: ``Nanking``, ``Shantung``).
    """
    if _BREVE.search(_WG_BREVE_OK.sub("", unicodedata.normalize("NFD", word))):
        return None  # breves other than tzŭ/ssŭ are McCune–Reischauer (Kaesŏng)
    w = _APOS.sub("'", unicodedata.normalize("NFC", word.lower()))
    w = w.replace("u\u0306", "ŭ")
    parts = [p for p in w.split("-") if p]
    if not parts:
        return None
    out: list[tuple[str, ...]] = []
    for p in parts:
        readings = wg_syllable(p, strict_apostrophe, strict_umlaut)
        if readings:
            out.append(readings)
            continue
        if len(parts) > 1 or "'" in p:
            return None
        seg = _segment(_wg_norm(p).replace("'", ""), _WG_ALL, _MAX_WG)
        if seg is None or len(seg) < 2:
            return None
        for syl in seg:
            readings = wg_syllable(syl, False, strict_umlaut)
            if not readings:
                return None
            out.append(readings)
    return tuple(out)


def plain_wg(syllable: str) -> str:
    """A WG or postal syllable as printed without apostrophes, umlauts or breves (the ``zhw`` key)."""
    s = _wg_norm(syllable).replace("'", "").replace("ü", "u")
    s = POSTAL.get(s, s)
    return s.replace("ü", "u")


@lru_cache(maxsize=1)
def _plain_inventory() -> frozenset[str]:
    inventory = frozenset(plain_wg(k) for k in WG_TO_PINYIN) | frozenset(POSTAL)
    _GATES[inventory] = _gate(inventory)
    return inventory


@lru_cache(maxsize=16384)
def plain_wg_syllables(word: str) -> tuple[str, ...] | None:
    """The plain WG syllables of a Wade–Giles/postal word (``Tientsin`` → tien chin), or None."""
    inventory = _plain_inventory()
    w = _APOS.sub("'", unicodedata.normalize("NFC", word.lower()))
    out: list[str] = []
    for p in (p for p in w.split("-") if p):
        plain = _wg_norm(p).replace("'", "").replace("ü", "u")
        if plain not in inventory and plain.endswith("eh") and plain[:-1] in inventory:
            plain = plain[:-1]
        if plain in inventory:
            out.append(plain_wg(plain))
            continue
        seg = _segment(plain, inventory, _MAX_WG)
        if seg is None:
            return None
        out += [plain_wg(x) for x in seg]
    return tuple(out) or None


def is_wade_giles_marked(word: str) -> bool:
    """A word only Wade–Giles writes: aspiration apostrophe, hyphenated syllables, or a non-pinyin syllable."""
    if pinyin_syllables(word) is None:
        return True
    return "-" in word.strip("-") or bool(re.search(r"[a-z]['’ʼ‘]", word.lower()))


# Characters ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pinyin_dict() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


@lru_cache(maxsize=131072)  # Han runs only: pypinyin knows about 42,000 characters
def _char_reading(ch: str) -> tuple[str, bool]:
    """(default toneless reading, whether the character has more than one), '_' for none.

    Why per character: converting the whole dictionary up front cost about 0.3 s in every
    process that analyses a name, the `sourcebook` commands included, for the few hundred
    characters a run meets.
    """
    readings = _pinyin_dict().get(ord(ch))
    if readings is None:
        return "_", False
    from pypinyin import Style
    from pypinyin.style import convert

    rs: list[str] = []
    for r in readings.split(","):
        t = convert(r, Style.NORMAL, strict=True).replace("ü", "v")
        if t not in rs:
            rs.append(t)
    return rs[0], len(rs) > 1


@lru_cache(maxsize=1)
def _phrases() -> dict:
    from pypinyin.phrases_dict import phrases_dict

    return phrases_dict


@lru_cache(maxsize=65536)
def _phrase_reading(phrase: str, index: int) -> str | None:
    readings = _phrases().get(phrase)
    if not readings:
        return None
    from pypinyin import Style
    from pypinyin.style import convert

    return convert(readings[index][0], Style.NORMAL, strict=True).replace("ü", "v")


_WINDOWS = ((-1, 1), (0, 2), (-2, 1), (0, 3), (-1, 2))


def han_syllables(run: str) -> list[str]:
    """Pinyin syllable (or '_' for a character without one) for each character of a simplified run."""
    readings = [_char_reading(ch) for ch in run]
    out = [reading for reading, _ in readings]
    n = len(run)
    for i, (_, several) in enumerate(readings):
        if several:
            for da, db in _WINDOWS:
                a, b = i + da, i + db
                if a >= 0 and b <= n:
                    r = _phrase_reading(run[a:b], i - a)
                    if r:
                        out[i] = r
                        break
    return out


# Rendering -------------------------------------------------------------------------------------

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 司徒 东方 夏侯 皇甫 尉迟 公孙 慕容 长孙 宇文 令狐 端木 申屠 西门 独孤".split()
)
# The commonest Han surnames: used only to lay out a rendering as "Surname Given", never to match.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈"
    "任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武"
    "莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
    "敖巩明佘池查麻苑迟邝廉"
)


def pinyin_display(groups: list[list[str]]) -> str:
    """``[['zhou'], ['en', 'lai']]`` → ``Zhou Enlai`` (apostrophe before a vowel-initial syllable)."""
    words = []
    for g in groups:
        w = ""
        for i, s in enumerate(g):
            s = s.replace("v", "ü")
            w += ("'" if i and s[0] in "aeo" else "") + s
        words.append(w.capitalize())
    return " ".join(words)


def wade_giles_display(groups: list[list[str]]) -> str:
    """``[['zhou'], ['en', 'lai']]`` → ``Chou En-lai``."""
    words = []
    for g in groups:
        w = "-".join(PINYIN_TO_WADE_GILES.get(s, s) for s in g)
        words.append(w[:1].upper() + w[1:])
    return " ".join(words)


def han_groups(run: str, syllables: list[str]) -> list[list[str]]:
    """Lay out the syllables of a Han name as surname + given name when it looks like a person."""
    if 2 <= len(run) <= 4 and run[:2] in COMPOUND_SURNAMES and len(run) > 2:
        return [syllables[:2], syllables[2:]]
    if 2 <= len(run) <= 3 and run[0] in SURNAMES:
        return [syllables[:1], syllables[1:]]
    return [syllables]


def reading_combinations(
    per_syllable: list[tuple[str, ...]], limit: int = 16
) -> list[tuple[str, ...]]:
    """All readings of a name, first-choice reading first, at most ``limit``."""
    out = []
    for combo in product(*per_syllable):
        out.append(combo)
        if len(out) >= limit:
            break
    return out
