"""The framework-free linker on realistic sentences (no database)."""

from __future__ import annotations

from sourcebook.core.linking import AMBIGUOUS, Entry, Segment, build, link, propose

V18 = frozenset({"frus1958-60v18"})
GAZ = build(
    [
        Entry("jua", "person", "Johnson, U. Alexis", description="Ambassador to Czechoslovakia"),
        Entry("lbj", "person", "Johnson, Lyndon B.", description="President of the United States"),
        Entry(
            "sr",
            "person",
            "Rhee, Syngman",
            description="President of the Republic of Korea",
            scopes=V18,
        ),
        Entry("fr", "person", "Rhee, Francesca", description="wife of President Rhee", scopes=V18),
        Entry("kis", "person", "Kim Il-sung", description="Premier of North Korea"),
        Entry("cel", "person", "Chou En-lai (Zhou Enlai)", description="Premier of China"),
        Entry("stalin", "person", "Stalin, Iosif V.", description="Chairman of the Council"),
        Entry("dul", "person", "Dulles, John Foster", description="Secretary of State"),
        Entry("geneva", "place", "Geneva"),
    ]
)


def _links(text: str, scope: str | None = None):
    result = link(GAZ, [Segment(text, "en", 0)], scope)
    return result, [(m.surface, m.key, m.rule) for m in result.mentions]


def test_whole_names_and_romanizations_are_linked_with_offsets():
    text = "Premier Kim Il-song received Zhou Enlai in Geneva."
    result, found = _links(text)
    assert ("Kim Il-song", "kis", "romanization") in found
    assert ("Zhou Enlai", "cel", "name") in found
    assert ("Geneva", "geneva", "name") in found
    for m in result.mentions:
        assert text[m.start : m.end] == m.surface
    assert result.linked(0.8).keys() == {"kis", "cel", "geneva"}


def test_a_title_picks_the_namesake_it_describes():
    _, found = _links("Ambassador Johnson cabled. President Johnson replied.")
    assert found == [("Johnson", "jua", "title"), ("Johnson", "lbj", "title")]


def test_a_surname_after_the_whole_name_is_that_person():
    result, found = _links("John Foster Dulles arrived. Later Dulles said the talks would go on.")
    assert found[1] == ("Dulles", "dul", "surname-after-name")
    assert result.mentions[1].confidence >= 0.8
    assert result.authorities["dul"] > result.mentions[0].confidence - 0.01


def test_another_given_name_before_a_surname_is_not_a_mention():
    _, found = _links("Lyndon Johnson spoke; then Dulles Airport closed.")
    assert ("Johnson", "jua", "surname") not in found
    assert all(key != "dul" for _, key, _ in found)


def test_ambiguous_surname_gives_candidates_below_threshold_never_a_guess():
    result, found = _links("Rhee said the talks were over.", "frus1958-60v18")
    assert {(s, k) for s, k, _ in found} == {("Rhee", "sr"), ("Rhee", "fr")}
    assert {r for _, _, r in found} == {AMBIGUOUS}
    assert result.linked(0.8) == {}
    assert max(result.authorities.values()) < 0.8


def test_a_whole_name_resolves_the_surname_later():
    result, found = _links("Syngman Rhee spoke first. Rhee then left.", "frus1958-60v18")
    assert ("Rhee", "sr", "surname-after-name") in found
    assert "fr" not in result.authorities


def test_bracketed_alternate_links_both_forms_to_one_authority():
    _, found = _links("Filippov [Stalin] wrote to Mao.")
    assert ("Filippov", "stalin", "bracket") in found
    assert ("Stalin", "stalin", "surname") in found


def test_title_and_notes_count_for_the_document_without_offsets():
    result = link(
        GAZ,
        [
            Segment("Telegram From Ambassador Johnson", None, None),
            Segment("Johnson said.", "en", 0),
        ],
    )
    assert result.authorities["jua"] >= 0.8
    assert {m.text for m in result.mentions} == {None, 0}


def test_unknown_names_are_proposed_conservatively():
    text = (
        "the [North] Korean Ministry of Foreign Affairs Consular Affairs Department Head "
        "Ri Chang-jeong [Ri Chang Jong] visited our embassy Consular Section chief Comrade "
        "Xin Minsheng. Ri said: the Ministry agrees. The Foreign Ministry Consular Department wrote."
    )
    proposals = propose([Segment(text, "en", 0)], [])
    by_name = {p.name: p for p in proposals}
    assert set(by_name) == {"Ri Chang-jeong", "Xin Minsheng"}
    assert by_name["Ri Chang-jeong"].variants == ["Ri Chang Jong"]
    assert [m.surface for m in by_name["Ri Chang-jeong"].mentions] == [
        "Ri Chang-jeong",
        "Ri Chang Jong",
    ]


def test_known_names_are_not_proposed_again():
    text = "Comrade Kim Il-sung spoke."
    result = link(GAZ, [Segment(text, "en", 0)])
    assert propose([Segment(text, "en", 0)], result.mentions) == []


def test_sender_and_recipient_of_a_title_are_proposed_when_they_are_names():
    segs = [Segment("The letter follows.", "en", 0)]
    title = "Telegram from Pak Hon-yong to Kim Tu-bong, 12 May 1950"
    assert [(p.name, p.rule) for p in propose(segs, [], title)] == [
        ("Pak Hon-yong", "title-sender"),
        ("Kim Tu-bong", "title-recipient"),
    ]
    embassy = "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Department"
    assert propose(segs, [], embassy) == []
