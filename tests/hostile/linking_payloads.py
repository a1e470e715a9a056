"""Hostile texts for the linker, each run by a child process of ``test_linear_linking``.

Same shape as :mod:`tests.hostile.linear_payloads`: a payload is sized so that work growing
with the text times the names (a regex per name, comparing every proposal with every other)
could not finish within the test's timeout, while linear code takes a second or two. Each
returns a small summary the test checks. No Django: the child imports only the core.
"""

from __future__ import annotations

from itertools import product

SYLLABLES = "wang li zhang liu chen yang huang zhao zhou wu xu sun ma zhu hu guo he lin".split()


def _gazetteer(n: int):
    from sourcebook.core.linking import Entry, build

    entries = [
        Entry(f"p{i}", "person", f"Surname{i}, Given{i}", description="Ambassador")
        for i in range(n)
    ]
    entries.append(Entry("kis", "person", "Kim Il-sung", description="Premier"))
    return build(entries)


def many_names_many_authorities(n: int = 10_000) -> dict:
    """10,000 authorities and a text naming each of them twice, with titles and brackets."""
    from sourcebook.core.linking import Segment, link

    gaz = _gazetteer(n)
    text = "".join(
        f"Ambassador Surname{i} met Given{i} Surname{i} and Kim Il-song [Kim Il Sung]. "
        for i in range(n)
    )
    result = link(gaz, [Segment(text, "en", 0)])
    return {
        "authorities": len(result.authorities),
        "mentions": len(result.mentions),
        "kim": len(result.of("kis")),
    }


def one_endless_name(n: int = 100_000) -> dict:
    """A run of 200,000 capitalised name words (Kim Il, 100,000 times) with nothing between them."""
    from sourcebook.core.linking import Segment, link

    gaz = _gazetteer(10)
    text = "Kim Il " * n + "Sung"
    result = link(gaz, [Segment(text, "en", 0)])
    return {"mentions": len(result.mentions)}


def many_unknown_people(n: int = 5_000) -> dict:
    """5,000 distinct unknown people after honorifics and with bracketed variants."""
    from sourcebook.core.linking import Segment, propose

    people = [" ".join(p).title() for p in product(SYLLABLES, repeat=3)][:n]
    text = "".join(
        f"Comrade {a.split()[0]} {''.join(a.split()[1:]).lower().capitalize()} spoke. "
        for a in people
    )
    text += "[" * 50_000 + "]" * 50_000
    title = "Letter from " * 100_000 + "Pak Hon-yong to Kim Tu-bong"
    proposals = propose([Segment(text, "en", 0)], [], title)
    return {"proposals": len(proposals)}


def long_chinese_text_many_authorities(n: int = 10_000) -> dict:
    """10,000 authorities named in Han characters and a text of 1.2M characters without a
    space naming each twenty times: every place of the run may start a name."""
    from sourcebook.core.linking import Entry, Segment, build, link

    chars = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁"
    names = ["".join(p) for p in product(chars, repeat=3)][:n]
    gaz = build(Entry(f"p{i}", "person", f"Person {i}", (name,)) for i, name in enumerate(names))
    text = "".join(f"{name}同志说" for name in names) * 20
    result = link(gaz, [Segment(text, "zh", 0)])
    return {"characters": len(text), "mentions": len(result.mentions)}
