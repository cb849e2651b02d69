"""Bytes to text: the encodings news files really come in, and what we refuse."""

from __future__ import annotations

import pytest

from according.errors import InputError
from according.ingest.text import decode_text

SENTENCE = "The mayor said the café would reopen — “soon”."


@pytest.mark.parametrize(
    "data",
    [
        SENTENCE.encode("utf-8"),
        "\ufeff".encode() + SENTENCE.encode("utf-8"),
        SENTENCE.encode("utf-16"),
        SENTENCE.encode("utf-16-le"),
        SENTENCE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom"],
)
def test_unicode_encodings(data: bytes) -> None:
    assert decode_text(data, "x.txt").lstrip("\ufeff") == SENTENCE


def test_latin1_and_cp1252() -> None:
    assert decode_text("Le café a fermé.".encode("latin-1"), "x.txt") == "Le café a fermé."
    assert decode_text("He said “no”.".encode("cp1252"), "x.txt") == "He said “no”."


def test_double_encoded_text_is_repaired() -> None:
    # UTF-8 read as Windows-1252 and saved again: "Peña" arrives as "PeÃ±a"
    garbled = "President Enrique Peña Nieto said the café would reopen — soon."
    data = garbled.encode("utf-8").decode("cp1252").encode("utf-8")
    assert "Ã±" in data.decode("utf-8")
    assert decode_text(data, "x.txt") == garbled
    # text that is right is left as it is
    assert decode_text(SENTENCE.encode(), "x.txt") == SENTENCE
    right = "Ça coûte 5 € à Zürich; Łódź, naïve."
    assert decode_text(right.encode(), "x.txt") == right
    # and a garbled letter some tool decomposed ("A" and a combining tilde for "Ã") too
    decomposed = data.decode("utf-8").replace("Ã", "A\u0303")
    assert decode_text(decomposed.encode(), "x.txt") == garbled


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t ", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"]
)
def test_refused_inputs_name_the_file(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_text(data, "bad.bin")
    assert str(info.value).startswith("bad.bin: ")
    assert "\n" not in str(info.value)
