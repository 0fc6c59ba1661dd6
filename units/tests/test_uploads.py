"""Scans are accepted by their content and stored under a random name."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from units.forms import DocumentForm
from units.uploads import scan_name


@pytest.mark.parametrize(
    ("content", "valid"),
    [
        (b"%PDF-1.7 skan", True),
        (b"\xff\xd8\xff\xe0 jpeg", True),
        (b"\x89PNG\r\n\x1a\n png", True),
        (b"MZ\x90\x00 a program", False),
        (b"<html>", False),
    ],
)
def test_an_application_scan_is_checked_by_its_content(content, valid):
    form = DocumentForm(
        {"kind": "statute", "delivered_on": "2026-03-02"},
        {"file": SimpleUploadedFile("statut.pdf", content)},
    )
    with translation.override("pl"):
        assert form.is_valid() is valid
        if not valid:
            assert form.errors["file"] == ["Załącz plik PDF, JPEG lub PNG."]


def test_a_scan_is_stored_under_a_random_name():
    first = scan_name("Statut stowarzyszenia Kowalskiego " + "x" * 400 + ".PDF")
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", first)
    assert scan_name("statut.pdf") != scan_name("statut.pdf")
    assert re.fullmatch(r"[0-9a-f]{32}", scan_name("program.exe"))
