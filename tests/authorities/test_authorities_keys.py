"""Name keys and description conflicts that decide an automatic merge (no database)."""

from __future__ import annotations

import pytest

from sourcebook.core.authority_match import affiliations, evidence, person_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Johnson, U. Alexis", "U. Alexis Johnson"),
        ("Chou En-lai", "Chou En-lai (Zhou Enlai)"),
        ("Chou En-lai", "Zhou Enlai"),
        ("Mao Tse-tung", "Mao Zedong"),
        ("Kim Il-sung", "Kim Il-song"),
        ("Yun, Po Sun", "Yun Po-sun"),
        ("Chang Myon (John Myun Chang)", "Chang, Myon"),
        ("Ch’en Ch’eng", "Ch'en Ch'eng"),
        ("MacArthur, Douglas, II", "MacArthur, Douglas II"),
        ("Cabell, Lieutenant General Charles P.", "Cabell, General Charles P."),
    ],
)
def test_renderings_of_one_name_share_a_key(a, b):
    assert person_keys(a) & person_keys(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dulles, Allen W.", "Dulles, John Foster"),
        ("Allen, George V.", "Dulles, Allen W."),
        ("Kim Il-sung", "Kim Jong-il"),
        ("Eisenhower, Dwight D.", "Eisenhower, John S.D."),
        ("MacArthur, Douglas II", "MacArthur, Douglas"),
        ("Zhou Enlai", "Zhou Yang"),
    ],
)
def test_different_names_share_no_key(a, b):
    assert not person_keys(a) & person_keys(b)


def test_a_surname_alone_is_no_key():
    assert person_keys("Allen") == set()


def test_careers_that_share_no_word_are_still_one_person():
    found = evidence(
        "Bohlen, Charles E.",
        "Ambassador to the Soviet Union to April 1957; Ambassador to the Philippines from June 1957",
        "Bohlen, Charles E.",
        "Special Assistant to the Secretary of State until September 1962",
    )
    assert found.strong and found.agreement == 0


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            "British Ambassador to the United States",
            "Japanese Ambassador to the United States",
            "nations",
        ),
        (
            "President of the Republic of Korea",
            "Vice President of the Republic of China",
            "nations",
        ),
        ("Japanese Ambassador to the United States", "Ambassador to Japan", "posted"),
        ("Consul at Geneva, 1850", "Consul at Geneva, 1955", "decades"),
        ("Consul at Geneva", "", "missing"),
    ],
)
def test_conflicting_descriptions_are_weak(a, b, why):
    found = evidence("Smith, John", a, "Smith, John", b)
    assert not found.strong
    assert why in found.reason


def test_ranks_of_different_services_conflict():
    found = evidence(
        "Burke, Admiral Arleigh",
        "Chief of Operations",
        "Burke, General Arleigh",
        "Chief of Operations",
    )
    assert not found.strong and "services" in found.reason


def test_postings_and_desks_are_not_affiliations():
    assert affiliations("Ambassador to Japan; Officer in Charge of Korean Affairs") == set()
    assert affiliations("Japanese Minister of Finance") == {"jp"}
    assert affiliations("USN, Commander in Chief, Pacific") == {"us"}
    assert affiliations("Ambassador from the People's Republic of China to Poland") == {"prc"}
