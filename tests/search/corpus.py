"""A small, realistic corpus for search tests: record-text files written to a folder.

Each document exercises something: romanizations of one name across documents (and people who
must NOT be conflated with them), CJK transcripts, month and approximate dates, apparatus types,
translators, funders, repositories, scans.
"""

from __future__ import annotations

from pathlib import Path


def record(
    *,
    date: str,
    title: str,
    summary: str,
    language: str,
    repository: str = "SSC",
    reference: str = "1958-11-003",
    translator: str | None = None,
    funder: str | None = None,
    texts: list[tuple[str, str]],
    scan: bool = False,
) -> str:
    translated = f" Translated by {translator}." if translator else ""
    head = [
        date,
        f"**{title}**",
        "",
        "Citation:",
        "",
        f'"{title}", {date}, Sourcebook Test Collection, {repository} {reference}, 1-2.{translated}',
        "",
        "Summary:",
        "",
        summary,
        "",
    ]
    if funder:
        head += [
            "Credits:",
            "",
            f"This document was made possible with support from {funder}",
            "",
        ]
    head += ["Original Language:", "", language, "", "Contents:", ""]
    if scan:
        head.append("Original Scan")
    head += [label for label, _ in texts]
    head.append("")
    for label, body in texts:
        head += [label, "", body.strip(), ""]
    return "\n".join(head) + "\n"


DOCS: dict[str, str] = {
    "zhou-nehru-1954": record(
        date="June 25, 1954",
        title="Record of Conversation between Premier Zhou Enlai and Prime Minister Nehru",
        summary="Zhou Enlai and Nehru discuss the five principles of peaceful coexistence.",
        language="Chinese",
        repository="PRC FMA",
        reference="203-00007-01",
        translator="Lin Wei",
        funder="Henry Luce Foundation",
        texts=[
            (
                "Transcript - Chinese",
                "周恩来总理与尼赫鲁总理谈话记录\n\n周恩来：和平共处五项原则适用于一切国家。撤军问题应当协商解决。",
            ),
            (
                "Translation - English",
                "Premier Zhou Enlai said that the five principles of peaceful coexistence apply to "
                "all countries. [handwritten in margin: important] Nehru agreed and spoke of the "
                "border question. The withdrawal of troops should be settled by consultation.",
            ),
        ],
    ),
    "chou-bandung-1955": record(
        date="April 20, 1955",
        title="Telegram from Chou En-lai to the Ministry of Foreign Affairs on the Bandung Conference",
        summary="Chou En-lai reports on the opening of the Asian-African conference at Bandung.",
        language="English",
        repository="NARA",
        reference="611.93/4-2055",
        funder="Korea Foundation",
        texts=[
            (
                "Original - English",
                "Chou En-lai arrived at Bandung on 17 April. The delegation met the Indonesian "
                "hosts. [Seal: Ministry of Foreign Affairs] Chou spoke of peaceful coexistence "
                "and the Taiwan question.",
            )
        ],
        scan=True,
    ),
    "zhou-yang-1957": record(
        date="May 1957",
        title="Speech by Zhou Yang on Literature and Art",
        summary="Zhou Yang speaks to writers about the Hundred Flowers campaign.",
        language="Chinese",
        repository="PRC FMA",
        reference="117-00001-02",
        translator="David Cowhig",
        texts=[
            (
                "Translation - English",
                "Zhou Yang told the writers that criticism must be welcomed. [illegible] The "
                "campaign would continue into the summer.",
            )
        ],
    ),
    "kim-pyongyang-1958": record(
        date="November 1958",
        title="Record of Conversation between Kim Il Sung and the Chinese Ambassador",
        summary="Kim Il Sung and the ambassador discuss trade across the Yalu and the volunteers.",
        language="Korean",
        repository="AVPRF",
        reference="0102-14-76",
        translator="Sarah Park",
        funder="Korea Foundation",
        texts=[
            (
                "Transcript - Korean",
                "김일성 수상은 평양에서 중국 대사를 접견하였다. 조선 정부는 월경자 문제를 협의하기로 하였다.",
            ),
            (
                "Translation - English",
                "Premier Kim Il-sŏng received the Chinese ambassador in P'yŏngyang. The Korean "
                "government agreed to discuss the question of the border crossers. [Stamp: "
                "Received 3 December]",
            ),
        ],
    ),
    "kim-jong-il-1975": record(
        date="March 3, 1975",
        title="Report on a Speech by Kim Jong Il to Party Officials",
        summary="Kim Jong Il addresses party officials in Pyongyang about the economic plan.",
        language="Korean",
        repository="AVPRF",
        reference="0102-31-11",
        translator="Sarah Park",
        texts=[
            (
                "Translation - English",
                "Kim Jong Il spoke in Pyongyang about the six-year plan and the harvest.",
            )
        ],
    ),
    "khrushchev-mao-1959": record(
        date="October 1959",
        title="Memorandum of Conversation between N. S. Khrushchev and Mao Zedong",
        summary="Khrushchev and Mao Zedong disagree about Taiwan and the border with India.",
        language="Russian",
        repository="AVPRF",
        reference="0100-52-3",
        translator="Gary Goldberg",
        funder="Henry Luce Foundation",
        texts=[
            (
                "Transcript - Russian",
                "Хрущёв сказал, что вопрос о Тайване надо решать мирно. Мао Цзэдун не согласился.",
            ),
            (
                "Translation - English",
                "Khrushchev said that the Taiwan question must be settled peacefully. Mao Zedong "
                "did not agree. [Translator's note: the record breaks off here.]",
            ),
        ],
    ),
    "mao-wade-1949": record(
        date="December 16, 1949",
        title="Conversation between Stalin and Mao Tse-tung",
        summary="Stalin receives Mao Tse-tung in Moscow; they discuss the treaty.",
        language="Russian",
        repository="APRF",
        reference="45-1-329",
        translator="Danny Rozas",
        texts=[
            (
                "Translation - English",
                "Stalin asked Mao Tse-tung about the situation in China. Mao Tse-tung replied "
                "that peace was the main question.",
            )
        ],
    ),
    "embassy-c1957": record(
        date="c. 1957",
        title="Note from the Soviet Embassy on Cotton Deliveries",
        summary="An undated note, probably from 1957, about cotton deliveries to the DPRK.",
        language="Russian",
        repository="AVPRF",
        reference="0102-13-5",
        translator="Gary Goldberg",
        texts=[("Translation - English", "The cotton deliveries are delayed by the floods.")],
    ),
    "undated-letter": record(
        date="n.d.",
        title="Letter from Ri Chang-jeong to the Chinese Embassy",
        summary="An undated letter about cotton and the border crossers.",
        language="Korean",
        repository="PRC FMA",
        reference="118-00001-01",
        translator="David Cowhig",
        texts=[
            (
                "Translation - English",
                "Comrade Counsellor, the cotton question will be discussed in the Joint "
                "Commission. Ri Chang Jong",
            )
        ],
    ),
}


def write_corpus(folder: Path, docs: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (docs or DOCS).items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


# More names, for the name-variant suite only (kept out of DOCS so facet counts stay simple).
NAME_DOCS: dict[str, str] = {
    "peng-1951": record(
        date="January 1951",
        title="Telegram from P'eng Te-huai on the Fourth Offensive",
        summary="P'eng Te-huai reports on the supply lines south of the Han River.",
        language="Chinese",
        texts=[("Translation - English", "P'eng Te-huai said the supply lines were too long.")],
    ),
    "liu-1960": record(
        date="June 1960",
        title="Minutes of a Meeting between Liu Shaoqi and Soviet Advisers",
        summary="Liu Shaoqi meets the advisers before their recall.",
        language="Chinese",
        texts=[
            ("Transcript - Chinese", "刘少奇同志会见苏联专家。"),
            ("Translation - English", "Comrade Liu Shaoqi received the Soviet advisers."),
        ],
    ),
    "liu-bocheng-1952": record(
        date="1952",
        title="Report by Liu Bocheng on the Military Academy",
        summary="Liu Bocheng reports on training at the Nanjing academy.",
        language="Chinese",
        texts=[("Translation - English", "Liu Bocheng asked for more instructors.")],
    ),
    "pak-1953": record(
        date="August 1953",
        title="Indictment of Pak Hŏn-yŏng",
        summary="The charges against Pak Hŏn-yŏng, former foreign minister.",
        language="Korean",
        texts=[
            ("Transcript - Korean", "박헌영은 간첩 혐의로 기소되었다."),
            ("Translation - English", "Pak Hŏn-yŏng was charged with espionage."),
        ],
    ),
    "chruszczow-1956": record(
        date="October 21, 1956",
        title="Notatka z rozmowy z Chruszczowem",
        summary="Polish record of a conversation with Chruszczow in Warsaw.",
        language="Polish",
        texts=[("Translation - English", "Chruszczow arrived in Warsaw unannounced.")],
    ),
    "khrouchtchev-1960": record(
        date="March 1960",
        title="Visite de Khrouchtchev en France",
        summary="Khrouchtchev visits Paris and Marseille.",
        language="French",
        texts=[("Translation - English", "Khrouchtchev met de Gaulle at the Elysee.")],
    ),
}


def polish_note(folder: Path) -> Path:
    """One more document about cotton, in a language the corpus does not have: added after the
    corpus to show that what a search kept is dropped with the commit."""
    path = folder / "warsaw.txt"
    path.write_text(
        record(
            date="March 3, 1956",
            title="Note of the Polish Embassy in Pyongyang",
            summary="The embassy reports on cotton deliveries.",
            language="Polish",
            repository="AAN",
            texts=[("Translation - English", "The embassy reports on cotton deliveries.")],
        )
    )
    return path
