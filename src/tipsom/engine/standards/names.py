"""Clear-text search keys for personal names: Pakistan and the region, Urdu script or romanised.

Names are stored encrypted. To find them again the caller stores a keyed hash (HMAC) of every
key from :func:`search_keys` and hashes the keys from :func:`query_keys` with the same secret,
so the database never holds a name, a name part or a phonetic code in clear. This module only
makes the clear-text keys; it is deterministic and knows nothing of storage or secrets.

Pipeline: :func:`normalise` (Unicode folding, Urdu letters to Latin) -> :func:`name_parts`
(particles joined, spelling variants mapped to one canonical part) -> :func:`phonetic_key`
(a consonant skeleton tuned to South-Asian romanisation).

Canonical parts. A name built with a particle ("ul", "ud", "ur", "un", "us", "uz", ...) is ONE
part written without separators: "Inam ul Haq", "Inam-ul-Haq", "Inamul Haq", "Inam-ulHaq" and
"Inamulhaq" all give ``["inamulhaq"]``. "Abdul" joins the next part and its assimilated forms
are undone: "Abdul Rehman", "Abdulrehman", "Abdur Rahman" and "Abdurrahman" all give
``["abdulrehman"]``. "al" binds to the following part only ("Al Hassan" -> "alhassan").
Endings "-ulla", "-ula", "-ulah" become "-ullah". Common spellings go through ``_VARIANTS``
(Mohd/Md/Mohammed -> muhammad, Sayyid -> syed, Ahmed -> ahmad, Rahman -> rehman, ...).

Keys stored for a name (:func:`search_keys`):
    ``p:<canonical part>`` and ``f:<phonetic key>`` for every part, and once
    ``n:<canonical parts sorted, joined by a space>`` (so "Khan Imran" == "Imran Khan").

Matching rule (:func:`query_keys`): the query is split into parts the same way. Parts in
:data:`WEAK_PARTS` (muhammad, khan, bibi, syed, ...) are dropped, unless every part is weak.
Each remaining part gives the set ``{p:<part>, f:<phonetic key>}``. A record matches when, for
EVERY set, the record holds AT LEAST ONE key of that set: every discriminating query part is
present in the name, spelled the same after canonicalisation or sounding the same; order does
not matter and the record may have more parts. An empty query matches nothing. For an exact,
order-free full-name comparison (duplicate detection) compare the ``n:`` keys instead.

Known collisions. Vowels after the first letter do not count, so names differing only by
their vowels share a phonetic key: Ali/Aliya/Alia (``al``), Umar/Omar/Amir (``amr``),
Hasan/Husain/Hussain (``hsn``), Islam/Aslam, Javed/Jawad, Saima/Sami, Noor/Nair. Every
initial vowel is ``a`` (Imran/Umran). Urdu script writes few vowels, so it relies on
these keys; rank records that match on ``p:`` above those matching on ``f:`` only.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Urdu letters (with Arabic, Pashto and Sindhi forms of the same sounds) -> Latin. و, ی, ہ
# and ح also depend on their neighbours: see _transliterate. "-" means "write nothing".
_URDU_TABLE = """
ا a | آ a | ب b | پ p | ت t | ٹ t | ث s | ج j | چ ch | ح h | خ kh | د d | ڈ d | ذ z
ر r | ڑ r | ز z | ژ zh | س s | ش sh | ص s | ض z | ط t | ظ z | ع a | غ gh | ف f | ق q
ک k | گ g | ل l | م m | ن n | ں n | و u | ہ h | ھ h | ء - | ی i | ے e
ك k | ي i | ى i | ه h | ة a | ۃ a | ټ t | ډ d | ړ r | ږ zh | ښ sh | ګ g | ڼ n | ۍ i
ې e | ځ z | څ s | ڪ k | ٻ b | ڻ n
"""


def _table(text: str, sep: str) -> dict[str, str]:
    """Parse ``"key value | key value"`` lines (sep "|") or ``"canonical: v1 v2"`` lines."""
    table: dict[str, str] = {}
    for line in filter(None, (line.split("#")[0].strip() for line in text.splitlines())):
        if sep == ":":
            canonical, variants = line.split(":")
            table.update(dict.fromkeys(variants.split(), canonical.strip()))
        else:
            for item in line.split("|"):
                letter, latin = item.split()
                table[letter] = "" if latin == "-" else latin
    return table


_URDU = _table(_URDU_TABLE, "|")
_FOLLOWS_W = frozenset("اآیےيى")  # و before these, after alif or first in a word, is "w"
_LONG_VOWELS = frozenset("اآویيى")  # a final ہ after these is "h" (Shah)
_DIGRAPH_FIRST = frozenset("sckgptdbjz")  # "s" + ح must not read as "sh": write "sah"

# Spelling variants -> canonical part. Lines read canonical: variants...; lookups are per part.
_VARIANTS = _table(
    """
muhammad: mohammad mohammed muhammed mohamed mohamad muhamad muhamed mohammud mohd muhd md
muhammad: mhmd  # Urdu محمد
syed: sayed sayyid seyed sayyed sayyad syyed seyyed sayid
ahmad: ahmed ahamed ahmd
hussain: hussein husain hossain husein hosain hussian husayn hossein
hasan: hassan
khan: khaan
rehman: rahman rehmaan rahmaan rhman
rahmat: rehmat
bibi: bibee beebee
begum: begam baigum begem
chaudhry: chaudhary choudhry choudhary chaudhri chaudri chowdhury chowdhry choudhury chaudary
chaudhry: chuhdri chudhri  # Urdu چوہدری, چودھری
sheikh: shaikh shaykh sheik shekh shaik
qureshi: quraishi qureishi kureshi qurashi
malik: malick malek
mian: miyan
khatoon: khatun khatoun
mst: mosammat musammat mosammad
usman: osman uthman othman
yusuf: yousuf yousaf yousef yusef yosuf
umar: omar omer umer
ayesha: aisha aysha ayisha aishah
zainab: zaynab zenab zeinab
fatima: fatimah fatema
khadija: khadeeja khadijah khadeejah
""",
    ":",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEAK_PARTS: frozenset[str] = _words(
    "muhammad bibi begum khatoon mst khan syed sheikh mian malik chaudhry shah mirza haji hafiz"
    " sahib"
)
"""Canonical parts too common to narrow a search: a query uses them only if it has no other."""

_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr"})  # dropped from names
_ASSIMILATED = {"ur": "r", "ud": "d", "un": "n", "us": "s", "uz": "z", "ut": "t", "ush": "sh"}
_PARTICLES = frozenset({"ul", "al", *_ASSIMILATED})
_ABD = _words("abd abdu abdul abdal abdel abdur abdus abduz abdun abdush abdut abdud")
# Names that end like a particle but are not one ("Rasul Khan" stays two parts).
_NOT_PARTICLE = _words(
    "rasul maqbul qabul rahul atul vipul mukul bipul bakul paul raul saul kabul bulbul harun"
    " mamun masud mahmud daud saud mansur zahur taimur timur babur ghafur shakur masrur wadud"
)
_ULLAH = re.compile(r"([a-z]{3,}?)ul{1,2}ah?")  # Saifulla, Abdula -> ...ullah
_ABD_RE = re.compile(r"abd(ul|al|el|u)?([a-z]{3,})")  # Abdurrahman, Abdelaziz -> abdul...

_APOSTROPHES = frozenset("'’‘ʼʻʿʾ`´")
_HYPHENS = frozenset("-‐‑‒–—―−")
_LATIN_EXTRA = {"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}

# dh is the aspirated d of Chaudhry and Dhillon, not Arabic ذ (romanised "z" in Pakistan).
_DIGRAPHS = {"kh": "k", "ck": "k", "gh": "g", "ph": "f", "th": "t", "dh": "d", "bh": "b"}
_DIGRAPHS |= {"jh": "j", "zh": "z", "sh": "x", "ch": "c"}
_SINGLE = {"q": "k", "c": "k", "v": "w", "x": "ks"}
_VOWELS = frozenset("aeiouy")


def _fold(text: str) -> str:
    """NFKD, casefold and drop combining marks until nothing changes (at most a few rounds)."""
    for _ in range(4):
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if not unicodedata.category(c).startswith("M"))
        if folded == text:
            break
        text = folded
    return text


def _transliterate(text: str) -> str:
    """Write Urdu/Arabic-script letters in Latin; leave every other character alone."""
    out: list[str] = []
    last = ""  # last Latin letter written
    for i, ch in enumerate(text):
        latin = _URDU.get(ch)
        if latin is None:
            out.append(ch)
            last = ch
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        initial, final = prev not in _URDU, nxt not in _URDU
        if ch == "و" and (initial or nxt in _FOLLOWS_W or prev in "اآ"):
            latin = "w"
        elif ch in "یيى" and initial:
            latin = "y"
        elif ch in "ہه" and final and not initial and prev not in _LONG_VOWELS:
            latin = "a"  # a final he after a consonant is the vowel of Aisha, Khadija
        elif ch in "حہه" and last in _DIGRAPH_FIRST and not initial:
            latin = "ah"
        out.append(latin)
        last = latin[-1:] or last
    return "".join(out)


def normalise(text: str) -> str:
    """Fold ``text`` to lowercase Latin: no diacritics, Urdu letters transliterated.

    Punctuation goes (apostrophes vanish, other marks become spaces); letters, digits, single
    spaces and single inner hyphens remain. Idempotent: ``normalise(normalise(t)) ==
    normalise(t)``.
    """
    kept = []
    for ch in _fold(text):
        category = unicodedata.category(ch)
        if ch not in _APOSTROPHES and category not in ("Lm", "Cf", "Sk"):
            kept.append(_LATIN_EXTRA.get(ch, ch))
    chars = []
    for ch in _transliterate("".join(kept)):
        if ch in _HYPHENS:
            chars.append("-")
        elif unicodedata.category(ch) == "Nd":
            chars.append(str(unicodedata.decimal(ch)))
        else:
            chars.append(ch if ch.isalpha() else " ")
    words = ("-".join(p for p in word.split("-") if p) for word in "".join(chars).split())
    return " ".join(w for w in words if w)


def _suffix_particle(left: str, right: str) -> bool:
    """True for "Inamul Haq", "Fazlur Rehman", "Ziaud Din": the particle ends the left part."""
    if left in _NOT_PARTICLE:
        return False
    if left.endswith("ul") and len(left) >= 5:
        return True
    return any(
        left.endswith(particle) and len(left) >= len(particle) + 3 and right.startswith(sound)
        for particle, sound in _ASSIMILATED.items()
    )


def _prefix_particle(piece: str) -> bool:
    """True for "ulHaq" in "Inam-ulHaq", "urRehman", "alHassan" (after a hyphen only)."""
    if piece.startswith("ul") or (piece.startswith("al") and piece[2:3] not in _VOWELS):
        return len(piece) > 3
    return any(piece.startswith(p + s) for p, s in _ASSIMILATED.items())


def _canonical(part: str) -> str:
    part = _VARIANTS.get(part, part)
    if match := _ULLAH.fullmatch(part):
        part = _VARIANTS.get(match[1], match[1]) + "ullah"
    if match := _ABD_RE.fullmatch(part):
        rest = match[2]
        if match[1] == "u" and rest[0] == rest[1]:
            rest = rest[1:]  # Abdur-Rahman, Abdus-Salam: the assimilated "l" is doubled
        part = "abdul" + _VARIANTS.get(rest, rest)
    return part


def name_parts(full_name: str) -> list[str]:
    """Split a name into canonical parts, in the order written.

    Particles and "Abdul" are joined to their neighbours into one part and spelling variants
    are mapped to one canonical spelling (see the module docstring); titles (Mr, Mrs, Dr)
    are dropped.
    """
    pieces = [
        (piece, "-" if n else " ")
        for word in normalise(full_name).split()
        for n, piece in enumerate(word.split("-"))
        if piece not in _TITLES
    ]
    groups: list[list[str]] = []
    prev = ""
    for piece, sep in pieces:
        joined = bool(groups) and (
            prev in _PARTICLES
            or prev in _ABD
            or (piece in _PARTICLES and piece != "al")
            or (prev, piece) == ("bi", "bi")  # بی بی
            or _suffix_particle(prev, piece)
            or (sep == "-" and _prefix_particle(piece))
        )
        if joined:
            groups[-1].append(piece)
        else:
            groups.append([piece])
        prev = piece
    return [_canonical("".join(_VARIANTS.get(p, p) for p in group)) for group in groups]


def phonetic_key(part: str) -> str:
    """Phonetic code of one name part, equal for common spellings of the same name.

    Vowels after the first letter are dropped, an initial vowel is written ``a``; kh/q/k/ck
    -> ``k``, gh -> ``g``, ph -> ``f``, th/dh/bh/jh -> t/d/b/j, zh -> ``z``, sh -> ``x``,
    ch -> ``c``, v -> ``w``; a final h after a vowel is silent; doubled letters count once.
    Meant for canonical parts, but any text is accepted (spaces and hyphens are ignored).
    """
    text = re.sub(r"(?<=[aeiouy])h+$", "", "".join(normalise(part).replace("-", " ").split()))
    codes: list[str] = []
    last = ""
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            code = _DIGRAPHS[pair]
            i += 2
        elif text[i] in _VOWELS:
            code = ("y" if text[i] == "y" else "a") if i == 0 else ""
            i += 1
        else:
            code = _SINGLE.get(text[i], text[i])
            i += 1
        if code and code != last:
            codes.append(code)
        last = code
    return "".join(codes)


def full_name_key(full_name: str) -> str | None:
    """The ``n:`` key of a whole name: its canonical parts in sorted order (None if empty)."""
    parts = name_parts(full_name)
    return "n:" + " ".join(sorted(parts)) if parts else None


def search_keys(full_name: str) -> set[str]:
    """Keys to store (after HMAC) for a person's name: ``p:``, ``f:`` per part and one ``n:``."""
    parts = name_parts(full_name)
    if not parts:
        return set()
    keys = {"n:" + " ".join(sorted(parts))}  # what full_name_key gives
    for part in parts:
        keys |= {"p:" + part, "f:" + phonetic_key(part)}
    return keys


def pair_keys(keys: set[str]) -> set[str]:
    """``q:<f1>|<f2>`` for every pair of phonetic keys among a person's search keys.

    Stored beside the other keys, they let a query of two or more parts start from the persons
    holding both of its first two parts, instead of every person holding either: with names
    as common as Pakistan's, that is hundreds of rows instead of a hundred thousand.
    """
    phonetic = sorted({k[2:] for k in keys if k.startswith("f:")})
    return {f"q:{a}|{b}" for a, b in itertools.combinations(phonetic, 2)}


def phonetic_query_key(keys: set[str]) -> str:
    """The ``f:`` key among one query part's keys (see `query_keys`)."""
    return next(k for k in keys if k.startswith("f:"))


def query_pair_keys(key_sets: list[set[str]], parts: int = 4) -> list[tuple[str, int, int]]:
    """``(pair key, i, j)`` for every pair of the query's first ``parts`` parts whose phonetic
    keys differ (see `pair_keys`): each names the persons holding parts i and j together."""
    phonetic = [phonetic_query_key(keys)[2:] for keys in key_sets[:parts]]
    found = []
    for i, j in itertools.combinations(range(len(phonetic)), 2):
        a, b = sorted((phonetic[i], phonetic[j]))
        if a != b:
            found.append((f"q:{a}|{b}", i, j))
    return found


def query_keys(query: str) -> list[set[str]]:
    """One set of acceptable keys per discriminating part of ``query`` (see the matching rule).

    Weak parts are left out unless every part is weak; an empty query gives ``[]``.
    """
    parts = list(dict.fromkeys(name_parts(query)))
    strong = [part for part in parts if part not in WEAK_PARTS] or parts
    return [{"p:" + part, "f:" + phonetic_key(part)} for part in strong]
