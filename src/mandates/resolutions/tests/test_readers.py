"""The import's reader: real resolution texts in the encodings, Word and PDF layouts people have, and
what is refused (with what was found instead)."""
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from mandates.core.testing import SHARED_DIR
from mandates.resolutions import readers
from mandates.resolutions.parsing import parse_text

from .conftest import seed_text
from .documents import make_blank_pdf, make_docx, make_pdf


def refused(data, name="upload") -> str:
    with pytest.raises(ValidationError) as caught:
        readers.read(data, name)
    return caught.value.message_dict["source"][0]


def words(text: str) -> str:
    return " ".join(text.split())


def test_plain_text_in_any_common_encoding_with_bom_and_crlf_reads_the_same():
    text = seed_text("000")  # E/RES/2009/23, with a superscript footnote mark and an en dash
    assert not text.isascii()
    expected = readers.read(text.encode("utf-8"), "a.txt").text
    variants = {
        "utf-8 with BOM and CRLF": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
        "utf-16 with BOM": text.encode("utf-16"),
        "windows-1252": text.encode("cp1252"),
        "old Mac CR": text.replace("\n", "\r").encode("utf-8"),
    }
    for label, data in variants.items():
        source = readers.read(data, "a.txt")
        assert source.text == expected, label
        assert "\r" not in source.text
    assert "cp1252" in " ".join(readers.read(variants["windows-1252"], "a.txt").notes)
    parsed = parse_text(readers.read(variants["utf-16 with BOM"], "a.txt").text)
    assert len(parsed.operative) == 13


def test_pasted_text_and_markdown():
    pasted = readers.read("\ufeff" + seed_text("000").replace("\n", "\r\n"))
    assert pasted.format == readers.MARKDOWN and "\r" not in pasted.text and pasted.notes == ["Pasted text."]
    assert len(parse_text(pasted.text).operative) == 13


def test_word_document_with_word_numbering_and_footnotes():
    text = seed_text("000")  # E/RES/2009/23: 13 operative paragraphs; Word numbers them, not the text
    note = "Official Records of the Economic and Social Council, 2009, Supplement No. 10 (E/2009/30)."
    data = make_docx(text, footnotes={4: note})
    assert b"1. Welcomes" not in data  # the numbers are Word's, not typed
    source = readers.read(data, "2009-23.docx")
    assert source.format == readers.DOCX and source.unit == "paragraph"
    assert "\n1. Welcomes the adoption" in source.text and "\n13. Requests the Executive Director" in source.text
    assert f"<sup>1</sup> {note}" in source.text  # the footnote's text, after its paragraph
    parsed = parse_text(source.text, unit="paragraph")
    assert [p.number for p in parsed.operative] == list(range(1, 14))
    assert not any("Supplement No. 10 (E/2009/30)" in p.text for p in parsed.paragraphs)


def test_word_sub_paragraph_letters_restart_under_each_paragraph():
    text = ("The General Assembly,\n\nRecalling its resolution 63/195,\n\n1. Requests the Secretary-General:\n\n"
            "(a) To report;\n\n(b) To consult;\n\n2. Invites Member States:\n\n(a) To contribute.\n")
    lines = readers.read(make_docx(text), "x.docx").text.split("\n")
    assert [line[:4] for line in lines if re.match(r"^(\d\.|\([a-z]\))", line)] == [
        "1. R", "(a) ", "(b) ", "2. I", "(a) "]


def test_pdf_as_the_un_prints_it_symbol_on_each_page_page_numbers_hyphenation():
    text = seed_text("003")
    source = readers.read(make_pdf(text, "A/RES/64/179"), "A_RES_64_179-E.pdf")
    assert source.format == readers.PDF
    lines = [line.strip() for line in source.text.split("\n")]
    printed = [line.strip() for line in text.split("\n")]
    assert make_pdf.pages > 5
    # The running header and footer of every page are gone; the lines the text itself holds stay.
    for furniture in ("A/RES/64/179", "09-47257"):
        assert lines.count(furniture) == printed.count(furniture)
    numbers = [n for n in lines if re.fullmatch(r"\d{1,3}", n)]  # the PDF's page numbers would be 1 .. pages
    assert len(numbers) <= len([n for n in printed if re.fullmatch(r"\d{1,3}", n)]) < make_pdf.pages
    assert not re.search(r"[a-z][-\u2010]\n", source.text)  # no word left cut at a line end
    from_pdf, from_text = parse_text(source.text), parse_text(text)
    assert (len(from_pdf.preambular), len(from_pdf.operative)) == (19, 33)
    assert [words(p.text) for p in from_pdf.operative] == [words(p.text) for p in from_text.operative]


def test_dehyphenate_keeps_compounds():
    text = "the follow-\nup to the money-laundering and interna-\ntional action, non-\ngovernmental and\nmoney-\nlaundering"
    assert readers.dehyphenate(text) == ("the follow-up to the money-laundering and international action, "
                                         "non-governmental and\nmoney-laundering")


def test_refused_with_what_was_found_instead():
    assert refused(b"") == "The file is empty: there is no text to import."
    assert "empty" in refused("   \n")
    csv = (SHARED_DIR / "data" / "reference" / "treaties" / "untc_status_raw_2015" / "18-9.csv")
    if csv.exists():
        assert refused(csv.read_bytes(), "18-9.csv").startswith("This looks like a table of 3 columns (comma-separated")
    table = "\n".join(";".join(f"cell {r}.{c}" for c in range(12)) for r in range(20))
    assert refused(table.encode(), "plan.csv").startswith("This looks like a table of 12 columns (semicolon-separated")
    assert "no text layer" in refused(make_blank_pdf(), "scan.pdf") and "OCR" in refused(make_blank_pdf(), "s.pdf")
    assert refused(_png(), "page.png").startswith("This is an image (PNG)")
    assert "old Word (.doc)" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "r.doc")
    assert "web page" in refused(b"<!DOCTYPE html><html><body>Resolution</body></html>", "page.html")
    assert "limit is 10" in refused(b"a" * (readers.MAX_UPLOAD_BYTES + 1), "big.txt")
    assert "neither text" in refused(bytes(range(256)) * 20, "blob.bin")
    assert "damaged zip" in refused(b"PK\x03\x04 not really a zip", "r.docx")
    assert "zip archive of 1 files" in refused(_zip({"notes.txt": b"hello"}), "r.zip")


def test_zip_and_docx_bombs_are_refused_before_unpacking():
    bomb = _zip({"word/document.xml": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    assert "zip bomb" in refused(bomb, "resolution.docx")
    many = _zip({f"word/media/{n}.xml": b"x" for n in range(readers.ZIP_MAX_ENTRIES + 1)})
    assert "zip bomb" in refused(many, "resolution.docx")


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _png() -> bytes:
    """A real 1x1 PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def test_no_resolution_of_the_corpus_is_refused(db):
    """The refusals (table, report, binary ...) never turn away a real resolution, in any of the corpus's
    layouts and languages."""
    from mandates.resolutions import importing

    texts = sorted((Path(__file__).resolve().parent / "corpus" / "texts").glob("*.txt"))
    assert len(texts) >= 40
    refusals = {}
    for path in texts:
        try:
            importing._parse(readers.read(path.read_bytes(), path.name))
        except ValidationError as exc:
            refusals[path.name] = exc.messages
    assert not refusals
