"""Text to and from the LaTeX that BibTeX fields hold.

Stored titles and abstracts are plain text with some LaTeX debris from their source
(`T\\"ULU`, `\\textit{...}`, `5.7\\%`). `decode_debris` turns the debris we recognise into
the characters it stands for; everything else is taken literally. `encode` then writes
text so that real BibTeX and LaTeX accept it: every special character becomes a command,
and braces in the text never reach the output as braces, because BibTeX counts `\\{` as
an opening brace too.
"""

from __future__ import annotations

import re
import unicodedata

from exporters.controls import without_controls

# Accent commands as LaTeX writes them, and the combining mark each one stands for.
SYMBOL_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
}
LETTER_ACCENTS = {
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "d": "\u0323",
    "b": "\u0331",
    "r": "\u030a",
}
MARK_TO_COMMAND = {mark: cmd for cmd, mark in {**SYMBOL_ACCENTS, **LETTER_ACCENTS}.items()}

# `{\"U}`, `\"U`, `\"{U}`; the optional outer brace must close if it opened (group 1 marks
# it). Written as two branches that start with a literal, the regex engine skips to `{` or `\`.
_SYMBOL_ACCENT_RE = re.compile(r"""(?:\{()\\|\\)(["'`^~=.])(?:\{([A-Za-z])\}|([A-Za-z]))(?(1)\})""")
# `\v{c}`, `\v c`, `{\c c}`: letter commands need a brace or a space before their letter.
_LETTER_ACCENT_RE = re.compile(r"(?:\{()\\|\\)([uvHckdbr])(?:\{([A-Za-z])\}|\s+([A-Za-z]))(?(1)\})")
_STYLE_RE = re.compile(
    r"\\(?:textit|textbf|emph|texttt|textsc|textrm|textsf|mathrm|mbox)\{([^{}]*)\}"
)
_ESCAPED_RE = re.compile(r"\\([%&#_$])")
# The character after each backslash, and the ones each rewrite above starts with.
_AFTER_BACKSLASH_RE = re.compile(r"\\(?=(.))", re.DOTALL)  # after every backslash, overlapping
_SYMBOL_COMMANDS = frozenset(SYMBOL_ACCENTS)
_LETTER_COMMANDS = frozenset(LETTER_ACCENTS)
_STYLE_STARTS = frozenset("tem")  # textit, emph, mathrm, mbox, ...
_ESCAPED_CHARS = frozenset("%&#_$")

# What each character that LaTeX or BibTeX treat specially becomes in a field.
SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
_SPECIALS_RE = re.compile("[" + re.escape("".join(SPECIALS)) + "]")
# Their replacements hold no special character but these three: one `str.replace` each.
_SIMPLE_SPECIALS = tuple(ch for ch in SPECIALS if ch not in "\\{}")

# Letters with no base-plus-accent decomposition, and typographic punctuation (ASCII mode).
LETTERS = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "đ": r"{\dj}",
    "Đ": r"{\DJ}",
    "–": "--",
    "—": "---",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "…": r"\ldots{}",
    "\u00a0": "~",
    "°": r"\textdegree{}",
    "×": r"\texttimes{}",
    "€": r"\texteuro{}",
}


def decode_debris(text: str) -> str:
    """The characters that recognised LaTeX debris stands for; the rest is left as it is."""
    if "\\" not in text:  # every piece of debris we know starts with a backslash
        return unicodedata.normalize("NFC", text)
    after = set(_AFTER_BACKSLASH_RE.findall(text))  # one scan says which rewrites can apply
    if after & _SYMBOL_COMMANDS:
        text = _SYMBOL_ACCENT_RE.sub(_accented, text)
    if after & _LETTER_COMMANDS:
        text = _LETTER_ACCENT_RE.sub(_accented, text)
    if after & _STYLE_STARTS:
        previous = None
        while previous != text:  # nested styles: \textbf{\textit{x}}
            previous, text = text, _STYLE_RE.sub(r"\1", text)
        after = set(_AFTER_BACKSLASH_RE.findall(text))  # `\` + `\emph{}%` is now `\%`
    if after & _ESCAPED_CHARS:
        text = _ESCAPED_RE.sub(r"\1", text)
    return unicodedata.normalize("NFC", text)


def _accented(match: re.Match) -> str:
    command, letter = match.group(2), match.group(3) or match.group(4)
    mark = SYMBOL_ACCENTS.get(command) or LETTER_ACCENTS[command]
    composed = unicodedata.normalize("NFC", letter + mark)
    # Only accents that make a real letter: `can\'t` is an escaped quote, not a t-acute.
    return composed if len(composed) == 1 else match.group(0)


def encode(text: str, ascii_only: bool = False) -> str:
    """`text` as the content of a BibTeX field: specials escaped, braces always balanced.

    With `ascii_only`, accented letters become LaTeX accent commands (`{\\"U}`), for
    classic BibTeX. Characters with no LaTeX spelling (CJK, emoji) stay as they are: a
    name that needs a Unicode engine beats a name turned into question marks.
    """
    text = escape_specials(without_controls(text))  # ESC, BEL, NUL... would reach TeX raw
    if ascii_only and not text.isascii():
        text = "".join(ch if ch.isascii() else _ascii_latex(ch) for ch in text)
    return text


def escape_specials(text: str) -> str:
    """Each character of SPECIALS replaced by its command. Most text holds none or a few
    kinds: a C scan per kind (`in`, `str.replace`) beats a regex that visits every character.
    Backslash and braces go in one pass, as their replacements hold each other."""
    if "\\" in text or "{" in text or "}" in text:
        return _SPECIALS_RE.sub(lambda m: SPECIALS[m.group()], text)
    for ch in _SIMPLE_SPECIALS:
        if ch in text:
            text = text.replace(ch, SPECIALS[ch])
    return text


def _ascii_latex(ch: str) -> str:
    if ch in LETTERS:
        return LETTERS[ch]
    base, *marks = unicodedata.normalize("NFD", ch)
    if marks and base.isascii() and all(m in MARK_TO_COMMAND for m in marks):
        out = "\\i" if base == "i" else base  # dotless i under an accent, as BibTeX expects
        for mark in marks:
            command = MARK_TO_COMMAND[mark]
            wrapped = out if out in (base, "\\i") else "{" + out + "}"
            out = f"\\{command}{{{out}}}" if command.isalpha() else f"\\{command}{wrapped}"
        return "{" + out + "}"
    folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    if folded and not any(c in SPECIALS for c in folded):
        return folded
    if unicodedata.category(ch).startswith("Z"):
        return " "
    return ch
