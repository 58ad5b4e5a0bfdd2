"""What the es/fr tests count as an English number word (shared by the i18n site tests).

French says "1 million", "1,5 milliard" and "1 billion" (10^12) in the singular (CLDR's plural
rule, metadata/i18n.yaml `one`): the same letters as English words. A spec writes them only as
the singular branch of the rule (`? ' million' : ' millions'`); a label only after a number
below 2. Spanish never writes "million" or "billion"."""

from __future__ import annotations

import re

SINGULAR_BRANCH = re.compile(r"\? ' (million|billion|milliard|millón|billón)' : ")
ENGLISH_WORD_AFTER = {
    "fr": re.compile(r"\btrillion\b|(?<![\d,\u202f])([2-9]|\d{2,})(,\d+)? (million|billion)\b"),
    "es": re.compile(r"\b(million|billion|trillion)\b"),
}


def without_singular_branches(spec_text: str) -> str:
    """A spec's text without the singular words its plural rule chooses between."""
    return SINGULAR_BRANCH.sub("? '' : ", spec_text)


def english_number_word(label: str, lang: str) -> bool:
    """Whether a chart label in `lang` carries an English number word."""
    return bool(ENGLISH_WORD_AFTER[lang].search(label))
