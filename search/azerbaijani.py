"""Azerbaijani inflection, on folded words (``engine.fold()``: ə→e, ı→i, ö→o, ü→u…).

Azerbaijani stacks its endings on a noun in a fixed order — plural, possessive,
case, then ``-kı`` and ``-dır`` — each vowel chosen by the one before it
(``limanlarımızdan``: liman + lar + ımız + dan). ``endings_fit()`` says whether
a folded tail is such a chain after a given stem, with vowel harmony checked as
far as folding leaves it visible: after ``a`` the two-way vowel is ``a`` and
the four-way one ``ı`` (folded ``i``), after ``e`` (e, ə) ``e`` and ``i``, after
``o`` or ``u`` the four-way vowel is ``u``; folded ``i``, ``o`` and ``u`` hide
whether they were front or back, so either two-way vowel may follow them.

A search does not stem the stored documents blindly (a stripper with no word
list cuts ``bazar`` and ``baza`` to the same ``baz``). ``stems()`` gives the
ways a query word splits into a stem and endings, and the words of the
documents (the ``search_azerbaijani_word`` table, fed by a trigger) decide:
a query word stands for the indexed words that are one of its stems plus a
chain of endings (``vocabulary_forms()``).
"""

# (letter, folded) pairs, replaced one by one: str.translate() with a mapping
# looks every character up, ~100 µs for an excerpt's 2,000 characters (20 of
# them on a page of Azerbaijani results); str.replace() takes ~5 µs.
_FOLD = tuple(zip("ƏəĞğİIıÖöŞşÇçÜü", "eeggiiioossccuu", strict=True))

VOWELS = frozenset("aeiou")
# The shortest stem a word is cut to: "qaz" (gas), "yol" (road).
STEM_MIN_LENGTH = 3

# Endings as templates: A is the two-way vowel (a/ə), I the four-way one
# (ı/i/u/ü), each written as folded. Each slot is optional, in this order.
PLURAL = ("lAr",)
# Possessive: (after a consonant, after a vowel); the third person's is last.
POSSESSIVE_AFTER_CONSONANT = ("ImIz", "InIz", "Im", "In")
POSSESSIVE_AFTER_VOWEL = ("mIz", "nIz", "m", "n")
THIRD_PERSON = {False: "I", True: "sI"}  # keyed by "the stem ends in a vowel"
# Case: genitive, accusative, dative, locative, ablative, instrumental.
CASE_AFTER_CONSONANT = ("In", "I", "A", "dA", "dAn", "lA")
CASE_AFTER_VOWEL = ("nIn", "nI", "yA", "dA", "dAn", "ylA", "lA")
# After a third-person possessive the case takes an n: limanı-n-da.
CASE_AFTER_THIRD_PERSON = ("nIn", "nI", "nA", "ndA", "ndAn", "ylA")
RELATIVE = "ki"  # Bakıdakı, limanınki (after a locative or a genitive)
PREDICATIVE = "dIr"  # Bakıdır

# Before an ending that starts with a vowel, a final q or k of a longer word
# is voiced: maraq → marağı, külək → küləyi (folded: marag, kuley).
ALTERNATIONS = {"g": "q", "y": "k"}


def fold(text: str) -> str:
    """Python's twin of ``turan_fold()``: lower case, Azerbaijani letters as ASCII."""
    for letter, folded in _FOLD:
        text = text.replace(letter, folded)
    return text.lower()


def _last_vowel(text):
    for character in reversed(text):
        if character in VOWELS:
            return character
    return ""


def _realisations(template, before):
    """The folded forms of an ending ``template`` after the text ``before``."""
    last = _last_vowel(before)
    two_way = {"a": "a", "e": "e"}.get(last, "ae")
    four_way = "u" if last in ("o", "u") else "i" if last else "iu"
    forms = [""]
    for character in template:
        if character == "A":
            options = two_way
        elif character == "I":
            options = four_way
        else:
            options = character
        forms = [form + option for form in forms for option in options]
    # The vowels of one ending agree with each other (ImIz: ımız or imiz).
    return {form for form in forms if _agrees(form)}


def _agrees(form):
    vowels = [character for character in form if character in "iu"]
    return len(set(vowels)) <= 1


def endings_fit(stem: str, tail: str) -> bool:
    """Whether ``tail`` is a chain of noun endings that may follow ``stem`` (both folded)."""
    return _fits(stem, tail, slot=0, third_person=False, case=None)


def _fits(before, tail, slot, third_person, case):
    if not tail:
        return True
    for next_slot, options in _slots(before, slot, third_person, case):
        for template, marks in options:
            for form in _realisations(template, before):
                if tail.startswith(form) and _fits(
                    before + form, tail[len(form) :], next_slot + 1, *marks
                ):
                    return True
    return False


def _slots(before, slot, third_person, case):
    """The endings that may come next, slot by slot: ``(slot, [(template, marks)])``."""
    after_vowel = before[-1:] in VOWELS
    slots = []
    if slot <= 0:
        slots.append((0, [(template, (False, None)) for template in PLURAL]))
    if slot <= 1:
        possessive = POSSESSIVE_AFTER_VOWEL if after_vowel else POSSESSIVE_AFTER_CONSONANT
        options = [(template, (False, None)) for template in possessive]
        options.append((THIRD_PERSON[after_vowel], (True, None)))
        slots.append((1, options))
    if slot <= 2:
        if third_person:
            cases = CASE_AFTER_THIRD_PERSON
        else:
            cases = CASE_AFTER_VOWEL if after_vowel else CASE_AFTER_CONSONANT
        slots.append((2, [(template, (False, template.lstrip("n"))) for template in cases]))
    if slot <= 3 and case in ("dA", "In"):
        slots.append((3, [(RELATIVE, (False, None))]))
    if slot <= 4:
        slots.append((4, [(PREDICATIVE, (False, None))]))
    return slots


def stems(word: str) -> set:
    """The stems a folded word may be (itself included): each split of it into
    a stem of ``STEM_MIN_LENGTH`` letters or more and a chain of endings, with
    a voiced final consonant also read as the unvoiced one (marag → maraq)."""
    found = set()
    for end in range(STEM_MIN_LENGTH, len(word) + 1):
        stem, tail = word[:end], word[end:]
        if tail and not endings_fit(stem, tail):
            continue
        found.add(stem)
        if tail and tail[0] in VOWELS and stem[-1] in ALTERNATIONS:
            found.add(stem[:-1] + ALTERNATIONS[stem[-1]])
    return found


def _surfaces(stem):
    """The stem as written before endings: itself, and voiced (maraq → marag)."""
    voiced = {unvoiced: voiced for voiced, unvoiced in ALTERNATIONS.items()}
    if len(stem) > STEM_MIN_LENGTH and stem[-1] in voiced:
        return (stem, stem[:-1] + voiced[stem[-1]])
    return (stem,)


def is_form_of(candidate: str, word_stems) -> bool:
    """Whether the folded ``candidate`` is one of ``word_stems`` plus endings."""
    for stem in word_stems:
        for surface in _surfaces(stem):
            if candidate.startswith(surface) and endings_fit(surface, candidate[len(surface) :]):
                return True
    return False


def lookup_prefixes(word_stems) -> set:
    """The fewest prefixes whose words include every form of ``word_stems``."""
    surfaces = sorted({surface for stem in word_stems for surface in _surfaces(stem)}, key=len)
    prefixes = set()
    for surface in surfaces:
        if not any(surface.startswith(prefix) for prefix in prefixes):
            prefixes.add(surface)
    return prefixes
