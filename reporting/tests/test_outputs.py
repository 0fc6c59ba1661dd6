"""The outputs show the same numbers: the dashboard's HTML tables, the PDF
(its text read back with pypdf), the CSV of each table and the XLSX sheets,
all from one statistics object; and the typography of the PDF."""

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.constants import ScopeKind
from reporting.outputs import statistics_xlsx, table_csv
from reporting.pdf_statistics import render_statistics_pdf
from reporting.statistics import StatisticsScope, annual_statistics
from reporting.statistics.tables import statistics_tables
from reporting.suppression import Suppressed
from reporting.templatetags.reporting_tags import nbsp_single, stat_value
from reporting.tests.statistics_factories import build_world
from units.tests.factories import voivodeship

pytestmark = pytest.mark.django_db
COMPARED = (
    "participants_by_primary_ground",
    "participants_by_sex",
    "exits_by_reason",
    "average_length",
    "finance",
)


class TableRows(HTMLParser):
    """The cells' text of every <table id="table-..."> of a page."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["id"][6:], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def formatted(row, table):
    return [
        stat_value(value, column.kind)
        for value, column in zip(row.cells, table.columns, strict=True)
    ]


def plain(value):
    return "" if value is None else str(value)


def spaced(text):
    return " ".join(text.replace("\xa0", " ").split())


@pytest.mark.parametrize("scope_kind", ["national", "voivodeship"])
def test_html_pdf_csv_and_xlsx_show_the_same_numbers(client_for, analyst, scope_kind):
    build_world()
    if scope_kind == "national":
        scope, code = StatisticsScope(ScopeKind.NATIONAL), "national"
    else:
        region = voivodeship("14")
        scope, code = StatisticsScope(ScopeKind.VOIVODESHIP, voivodeship=region), "v14"
    client = client_for(analyst)
    with translation.override("pl"):
        stats = annual_statistics(scope=scope, year=2025)
        tables = {t.key: t for t in statistics_tables(stats)}
    page = client.get(f"/reports/statistics/?year=2025&scope={code}")
    assert page.status_code == 200
    parser = TableRows()
    parser.feed(page.content.decode())
    workbook = load_workbook(io.BytesIO(statistics_xlsx(stats)))
    pdf_text = ""
    if scope_kind == "national":
        pdf = render_statistics_pdf(scope=scope, year=2025)
        pdf_text = spaced(
            "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        )
    for key in COMPARED:
        table = tables[key]
        with translation.override("pl"):
            expected = [[row.label, *formatted(row, table)] for row in table.rows]
        # HTML: the header row, then the rows as the template filter writes them.
        assert [spaced(" ".join(r)) for r in parser.tables[key][1:]] == [
            spaced(" ".join(r)) for r in expected
        ], key
        # CSV of the table: code, label, plain values.
        response = client.get(
            f"/reports/statistics/tables/{key}.csv?year=2025&scope={code}"
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1:] == [
            [row.key, row.label, *(plain(v) for v in row.cells)] for row in table.rows
        ], key
        # XLSX: numbers as numbers, "<3" as text.
        sheet = workbook[key]
        cells = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
        for row, got in zip(table.rows, cells, strict=False):
            want = [str(v) if isinstance(v, Suppressed) else v for v in row.cells]
            assert got[0] == row.key
            assert [
                Decimal(str(g)) if isinstance(g, float) else g
                for g in got[2 : 2 + len(want)]
            ] == want, key
        if pdf_text:
            for line in expected:
                assert spaced(" ".join(line)) in pdf_text, (key, line)
    if scope_kind == "voivodeship":
        # Suppressed below national level in every output.
        assert tables["participants_by_sex"].value("F", "cis") == Suppressed(3)
        assert "&lt;3" in page.content.decode()


def test_numbers_and_typography_in_polish():
    with translation.override("pl"):
        assert stat_value(12345) == "12\xa0345"
        assert stat_value(Decimal("33.3"), "percent") == "33,3"
        assert stat_value(Decimal("1210.75"), "money") == "1\xa0210,75"
        assert stat_value(None) == "—"
        assert stat_value(Suppressed(3)) == "<3"
    with translation.override("en"):
        assert stat_value(Decimal("33.3"), "percent") == "33.3"
    assert nbsp_single("Uczestnicy w centrach i klubach z Polski") == (
        "Uczestnicy w\xa0centrach i\xa0klubach z\xa0Polski"
    )
    assert nbsp_single("A <b> o") == "A\xa0&lt;b&gt; o"


def test_xlsx_has_a_sheet_per_table_with_number_formats():
    build_world()
    stats = annual_statistics(scope=StatisticsScope(ScopeKind.NATIONAL), year=2025)
    workbook = load_workbook(io.BytesIO(statistics_xlsx(stats)))
    assert workbook.sheetnames == ["info", *(t.key for t in statistics_tables(stats))]
    sheet = workbook["participants_by_primary_ground"]
    assert sheet["A3"].value == "homeless"
    assert sheet["C3"].number_format == "#,##0"
    assert sheet["D3"].number_format == "0.0"
    assert workbook["finance"]["C3"].number_format == "#,##0.00"
    assert workbook["finance"]["C3"].value == 1000.5
    assert sheet["A1"].font.bold


def test_table_csv_header():
    build_world()
    with translation.override("en"):
        stats = annual_statistics(scope=StatisticsScope(ScopeKind.NATIONAL), year=2025)
        table = next(
            t for t in statistics_tables(stats) if t.key == "participants_by_sex"
        )
        assert table_csv(table).splitlines()[:3] == [
            "code,Participants by sex,CIS,CIS %,KIS,KIS %",
            "F,woman,1,33.3,1,100.0",
            "M,man,2,66.7,0,0.0",
        ]
