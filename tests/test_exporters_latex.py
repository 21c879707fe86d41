import pytest

from exporters.latex import decode_debris, encode


@pytest.mark.parametrize(
    ("debris", "text"),
    [
        ('T\\"ULU 3', "TÜLU 3"),
        ('{\\"U}ber', "Über"),
        ("\\'e and \\`a and \\^o and \\~n", "é and à and ô and ñ"),
        ("\\v{c}a \\c c \\c{c}", "ča ç ç"),
        ("\\textit{fully-open} and \\textbf{\\emph{nested}}", "fully-open and nested"),
        ("5.7\\% rightarrow 25.4\\% \\& \\# \\_ \\$", "5.7% rightarrow 25.4% & # _ $"),
    ],
)
def test_recognised_debris_becomes_the_characters_it_stands_for(debris, text):
    assert decode_debris(debris) == text


@pytest.mark.parametrize(
    "literal",
    ["can\\'t", "{url}", "~(ge10)", "B^2-DiffuRL", "C:\\path", "\\url{x}", "unbalanced }{"],
)
def test_anything_else_is_left_as_it_is(literal):
    assert decode_debris(literal) == literal


def test_every_special_character_is_escaped_and_braces_never_reach_the_output():
    out = encode("% & # _ $ ^ ~ \\ { } < >")
    assert out == (
        r"\% \& \# \_ \$ \^{} \~{} \textbackslash{} \textbraceleft{} \textbraceright{}"
        r" \textless{} \textgreater{}"
    )


def test_braces_in_the_output_are_always_balanced():
    out = encode("}}} {{ \\ }{")
    depth = 0
    for ch in out:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_utf8_mode_keeps_non_ascii_letters():
    assert encode("Zoë Ångström") == "Zoë Ångström"


def test_ascii_mode_writes_latex_accents():
    assert encode("Zoë Ångström", ascii_only=True) == r"Zo{\"e} {\AA}ngstr{\"o}m"
    assert encode("Martínez-Núñez", ascii_only=True) == r"Mart{\'\i}nez-N{\'u}{\~n}ez"
    assert encode("Čapek çé", ascii_only=True) == r"{\v{C}}apek {\c{c}}{\'e}"
    assert encode("“x” — …", ascii_only=True) == r"``x'' --- \ldots{}"


def test_ascii_mode_keeps_characters_latex_cannot_spell():
    assert encode("李小龙", ascii_only=True) == "李小龙"
