"""Name normalisation and search keys for encrypted name search (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tipsom.engine.standards.names import (
    WEAK_PARTS,
    name_parts,
    normalise,
    phonetic_key,
    query_keys,
    search_keys,
)


def matches(query: str, name: str) -> bool:
    """The documented matching rule: every query set meets the record's keys."""
    wanted = query_keys(query)
    keys = search_keys(name)
    return bool(wanted) and all(acceptable & keys for acceptable in wanted)


def n_key(name: str) -> str:
    (key,) = [k for k in search_keys(name) if k.startswith("n:")]
    return key


# -- normalise ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Muḥammad   ʿAlī  ", "muhammad ali"),
        ("RAHMĀN", "rahman"),
        ("Inam--ul-Haq", "inam-ul-haq"),
        ("D'Souza, Sa'id.", "dsouza said"),
        ("-Khan-", "khan"),
        ("Zainab\tBibi\n", "zainab bibi"),
        ("محمد علی", "mhmd ali"),
        ("نواز", "nwaz"),
        ("یوسف", "yusf"),
        ("عائشہ", "aaisha"),
        ("مـحـمـد", "mhmd"),  # tatweel
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@given(st.text())
def test_normalised_text_has_only_letters_digits_spaces_and_inner_hyphens(text):
    out = normalise(text)
    assert out == out.strip()
    assert "  " not in out and "--" not in out
    for word in out.split(" "):
        assert not word.startswith("-") and not word.endswith("-")
        assert all(c.isalnum() or c == "-" for c in word)


# -- name_parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group",
    [
        ["Inam ul Haq", "Inam-ul-Haq", "Inamul Haq", "Inam-ulHaq", "InamUlHaq", "Inamulhaq"],
        ["Zia ud Din", "Zia-ud-Din", "Ziauddin", "Ziaud Din"],
        ["Muhammad", "Mohammad", "Mohammed", "Muhammed", "Mohd", "Md", "Muhd", "Mohd."],
        ["Syed", "Sayed", "Sayyid", "Seyed"],
        ["Ahmad", "Ahmed"],
        ["Hussain", "Hussein", "Husain", "Hossain"],
        ["Khan", "Khaan"],
        ["Abdullah", "Abdulla", "Abdula", "Abdul-lah"],
        ["Rahmatullah", "Rehmatullah", "Rahmatulla", "Rehmat-ullah"],
        ["Begum", "Begam"],
        ["Rehman", "Rahman"],
        ["Abdul Rehman", "Abdulrehman", "Abdurrehman", "Abdur Rahman", "Abdul-Rahman"],
    ],
)
def test_spelling_variants_give_the_same_parts(group):
    first = name_parts(group[0])
    assert len(first) == 1
    for variant in group[1:]:
        assert name_parts(variant) == first, variant


def test_canonical_choices_are_documented_ones():
    assert name_parts("Inam-ul-Haq") == ["inamulhaq"]
    assert name_parts("Abdur Rahman") == ["abdulrehman"]
    assert name_parts("Mohd. Tariq") == ["muhammad", "tariq"]
    assert name_parts("Mrs. Zainab Bibi") == ["zainab", "bibi"]
    assert name_parts("Hassan al Banna") == ["hasan", "albanna"]


def test_names_that_merely_end_like_a_particle_stay_apart():
    assert name_parts("Rasul Khan") == ["rasul", "khan"]
    assert name_parts("Jamal Khan") == ["jamal", "khan"]
    assert name_parts("Mansur Ali") == ["mansur", "ali"]
    assert name_parts("Ali-Usman") == ["ali", "usman"]
    assert name_parts("Abdul") == ["abdul"]


def test_weak_parts_are_canonical_and_kept_as_parts():
    assert {"muhammad", "bibi", "begum", "khan", "syed", "sheikh", "mian", "malik"} <= WEAK_PARTS
    assert {"chaudhry"} <= WEAK_PARTS
    assert name_parts("Shaikh Begam Bibi") == ["sheikh", "begum", "bibi"]
    assert all(name_parts(p) == [p] for p in WEAK_PARTS)


# -- phonetic_key -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["Mohammad", "Muhammad", "Mohammed", "Muhammed"],
        ["Hussain", "Husain", "Hossain", "Hussein"],
        ["Rehman", "Rahman"],
        ["Zainab", "Zenab", "Zaynab"],
        ["Farooq", "Faruk", "Farouk"],
        ["Tariq", "Tarik"],
        ["Qureshi", "Kureshi", "Quraishi"],
        ["Chaudhry", "Chaudhary", "Choudhry"],
        ["Khadija", "Khadeeja", "Khadijah"],
        ["Ayesha", "Aisha", "Aysha"],
        ["Rahmatullah", "Rehmatullah"],
        ["Ghulam", "Gulam"],
        ["Mustafa", "Mustapha"],
        ["Waseem", "Vaseem", "Wasim"],
        ["Pervez", "Parvez", "Perwaiz"],
    ],
)
def test_spellings_of_one_name_share_a_phonetic_key(spellings):
    keys = {phonetic_key(s) for s in spellings}
    assert len(keys) == 1, dict(zip(spellings, map(phonetic_key, spellings), strict=True))
    assert keys != {""}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ali", "Omar"),
        ("Khan", "Shah"),
        ("Ahmed", "Asif"),
        ("Imran", "Irfan"),
        ("Zainab", "Zubair"),
        ("Tariq", "Tahir"),
        ("Farooq", "Faisal"),
        ("Hussain", "Hamid"),
        ("Sahar", "Shahr"),
    ],
)
def test_different_names_get_different_keys(one, other):
    assert phonetic_key(one) != phonetic_key(other)


def test_known_collisions_are_vowel_only_differences():
    # Documented: vowels after the first letter do not count.
    assert phonetic_key("Ali") == phonetic_key("Aliya")
    assert phonetic_key("Hasan") == phonetic_key("Hussain")


def test_urdu_script_meets_romanised_spelling_in_phonetic_keys():
    pairs = {
        "محمد": "Muhammad",
        "علی": "Ali",
        "حسین": "Hussain",
        "رحمان": "Rehman",
        "زینب": "Zainab",
        "فاروق": "Farooq",
        "طارق": "Tariq",
        "قریشی": "Qureshi",
        "چودھری": "Chaudhry",
        "خدیجہ": "Khadija",
        "عائشہ": "Ayesha",
        "خان": "Khan",
        "شاہ": "Shah",
        "نواز": "Nawaz",
        "جاوید": "Javed",
        "یوسف": "Yusuf",
        "سحر": "Sahar",
        "احسان": "Ehsan",
    }
    for urdu, latin in pairs.items():
        assert phonetic_key(urdu) == phonetic_key(latin), (urdu, latin)


# -- search_keys and query_keys -----------------------------------------------------------


def test_search_keys_shape():
    assert search_keys("Imran Khan") == {
        "p:imran",
        "f:amrn",
        "p:khan",
        "f:kn",
        "n:imran khan",
    }


def test_order_swap_shares_the_full_name_key():
    assert n_key("Khan Imran") == n_key("Imran Khan")
    assert n_key("Ali Muhammad") == n_key("Mohd Ali")
    assert matches("Khan Imran", "Imran Khan")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Muhammad Hussain", "Mohd. Husain"),
        ("Inam ul Haq", "Inamul Haq Qureshi"),
        ("Abdul Rehman", "Abdurrahman Chaudhry"),
        ("Zaynab", "Zainab Bibi"),
        ("Khadeeja Begam", "Khadijah Begum"),
        ("Farouk Kureshi", "Farooq Qureshi"),
        ("Aisha", "Ayesha Bibi"),
        ("Tarik Chaudhary", "Tariq Choudhry"),
        ("Rehmatullah", "Rahmatullah Khan"),
        ("محمد علی", "Muhammad Ali"),
        ("Muhammad Ali", "محمد علی"),
        ("زینب بی بی", "Zainab Bibi"),
        ("حسین شاہ", "Syed Hussain Shah"),
        ("Khan", "Imran Khan"),  # all weak: the weak part is used
    ],
)
def test_query_finds_the_name(query, name):
    assert matches(query, name)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Ali Raza", "Omar Farooq"),
        ("Imran Khan", "Asif Shah"),
        ("Zainab Bibi", "Khadija Bibi"),
        ("Tariq", "Tahir Mehmood"),
        ("Muhammad Ahmed", "Muhammad Asif"),
        ("Khan", "Ali Shah"),
        ("Ahmed Khan", "Khan"),  # the record lacks the discriminating part
    ],
)
def test_unrelated_names_do_not_match(query, name):
    assert not matches(query, name)


def test_weak_parts_do_not_narrow_a_query_alone():
    assert query_keys("Muhammad Bibi Ali") == [{"p:ali", "f:al"}]
    assert query_keys("Muhammad Khan") == [{"p:muhammad", "f:mhmd"}, {"p:khan", "f:kn"}]
    assert matches("Muhammad Ali", "Ali Raza")  # a weak part is not required


@pytest.mark.parametrize("blank", ["", " ", "\t\n ", " - ", "...", "Mr."])
def test_empty_input_gives_no_keys(blank):
    assert search_keys(blank) == set()
    assert query_keys(blank) == []
    assert name_parts(blank) == []
    assert not matches(blank, "Imran Khan")


def test_keys_are_deterministic():
    name = "Syed Inam-ul-Haq Qureshi  محمد"
    assert search_keys(name) == search_keys(name)
    assert query_keys(name) == query_keys(name)
    assert sorted(search_keys(name)) == sorted(search_keys(name.upper()))


_NAMES = st.sampled_from(
    ["Imran", "Khan", "Zainab", "Qureshi", "Ayesha", "Tariq", "Hussain", "Farooq", "Bibi", "Ali"]
)


@given(st.lists(_NAMES, min_size=1, max_size=4), st.randoms())
def test_any_order_of_parts_gives_the_same_full_name_key(parts, rnd):
    shuffled = parts[:]
    rnd.shuffle(shuffled)
    assert n_key(" ".join(parts)) == n_key(" ".join(shuffled))
    assert matches(" ".join(shuffled), " ".join(parts))


@given(st.text(min_size=1).filter(lambda t: any("A" <= c <= "Z" for c in t)))
def test_keys_never_hold_the_raw_input(text):
    keys = search_keys(text)
    assert all(text not in key for key in keys)
    assert not any("A" <= c <= "Z" for key in keys for c in key)


@given(st.text())
def test_search_keys_are_prefixed_and_cover_every_part(text):
    keys = search_keys(text)
    parts = name_parts(text)
    assert all(key[:2] in {"p:", "f:", "n:"} for key in keys)
    assert {f"p:{p}" for p in parts} <= keys
    assert all(phonetic_key(p) for p in parts)
