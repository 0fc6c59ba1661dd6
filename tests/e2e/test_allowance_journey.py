"""A centre's manager computes the integration allowances of a month from the
attendance register, reviews every participant's amount, approves the month
with the keyboard only, sees it locked, and downloads the payroll list (the
PDF prepared by a task, then the XLSX) — through the real pages, in Polish.

The live server runs tasks at once (cis_kis/test_settings.py), so the PDF is
ready when the page that asked for it opens."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from programs.allowance import calculate
from programs.constants import AllowanceMonthState, AttendanceStatus
from programs.models import AllowanceMonth
from programs.pdf_allowances import document_path
from programs.selectors_allowances import allowance_inputs
from programs.tests.allowance_fixtures import attendance, participation
from tests.e2e.a11y import check_accessibility
from tests.e2e.journeys import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

MARCH = datetime.date(2026, 3, 1)
# The working days of March 2026 (the 1st is a Sunday).
WORKDAYS = [day for day in range(1, 32) if MARCH.replace(day=day).weekday() < 5]
# Worked by hand (docs/legal-basis.md, 7.3): a whole month of the programme
# period earns 120% of the benefit of 1721,90 zł; an unexcused day costs 1/20
# of it, rounded once: 2 × 2066,28 / 20 = 206,628 → 206,63.
KOWALSKA = Decimal("2066.28")
NOWAK = Decimal("1859.65")
NOWAK_DEDUCTIONS = Decimal("206.63")
TOTAL = KOWALSKA + NOWAK
# The month as the Polish pages print it (YEAR_MONTH_FORMAT).
MARCH_SHOWN = "Marzec 2026"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The payroll PDF is stored by its task; it goes to a temporary
    directory, not the project's media."""
    settings.MEDIA_ROOT = tmp_path


def pln(amount: Decimal) -> str:
    """An amount as the pages print it, 2 066,28 (a no-break space)."""
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")


def is_focused(target: Locator) -> bool:
    return target.evaluate("element => element === document.activeElement")


def skip_to_main(page: Page) -> None:
    """From the top of a freshly loaded page: the skip link, then Enter. A
    page loaded at #main (a form sent after the skip link) starts there."""
    if page.url.endswith("#main"):
        return
    page.keyboard.press("Tab")
    skip = page.locator("a[href='#main']")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def expect_at(page: Page, url: str) -> None:
    """The page is `url`, with the skip link's #main after a keyboard visit."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(url)}(#main)?$"))


def tab_to(page: Page, target: Locator, most: int = 12) -> None:
    """Press Tab until `target` has the focus."""
    for _press in range(most):
        page.keyboard.press("Tab")
        if is_focused(target):
            break
    expect(target).to_be_focused()


def test_manager_approves_the_month_with_the_keyboard_and_downloads_the_payroll(
    page: Page, live_server, unit_a, manager_a
):
    kowalska = participation(unit_a, last_name="Kowalska", first_name="Anna")
    nowak = participation(unit_a, last_name="Nowak", first_name="Jan")
    attendance(kowalska, MARCH, workdays=WORKDAYS)
    unexcused = dict.fromkeys((3, 4), AttendanceStatus.UNEXCUSED)
    attendance(nowak, MARCH, unexcused, workdays=WORKDAYS)
    # The calculator agrees with the figures worked by hand.
    computed = {
        person.pk: calculate(data)
        for person, data in allowance_inputs(unit=unit_a, month=MARCH)
    }
    assert computed[kowalska.pk].amount == KOWALSKA
    assert computed[nowak.pk].amount == NOWAK
    assert computed[nowak.pk].deductions == NOWAK_DEDUCTIONS
    base = live_server.url

    log_in(page, base, manager_a)

    # --- the list of months; the month is computed through its form ---------
    page.goto(f"{base}/programs/allowances/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Świadczenia integracyjne"
    )
    check_accessibility(page, "allowance-months-empty")
    open_form = page.locator("form[action='/programs/allowances/open/']")
    open_form.locator("select[name='unit']").select_option(label=str(unit_a))
    open_form.locator("input[name='month']").fill("2026-03")
    open_form.locator("button[type='submit']").click()

    month = AllowanceMonth.objects.get(unit=unit_a, month=MARCH)
    detail_url = f"{base}/programs/allowances/{month.pk}/"
    expect(page).to_have_url(detail_url)

    # --- the review: every participant's amount ------------------------------
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Świadczenia: CIS A, {MARCH_SHOWN}"
    )
    expect(page.locator("h1 + .badge")).to_have_text("projekt")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    for row, name, present, unexcused_days, deductions, amount in (
        (rows.nth(0), "Kowalska Anna", "22", "0", Decimal("0"), KOWALSKA),
        (rows.nth(1), "Nowak Jan", "20", "2", NOWAK_DEDUCTIONS, NOWAK),
    ):
        expect(row.get_by_role("rowheader")).to_contain_text(name)
        cells = row.get_by_role("cell")
        expect(cells.nth(0)).to_have_text("31")  # days of participation
        expect(cells.nth(1)).to_have_text(present)
        expect(cells.nth(2)).to_have_text(unexcused_days)
        expect(cells.nth(6)).to_have_text(pln(KOWALSKA))  # before deductions
        expect(cells.nth(7)).to_have_text(pln(deductions))
        expect(cells.nth(9)).to_have_text(pln(amount))  # to pay
        expect(cells.nth(10)).to_have_text("—")  # nothing to review
    expect(page.locator("#total-amount")).to_have_text(pln(TOTAL))
    check_accessibility(page, "allowance-month-draft")

    # --- approval with the keyboard only: Tab, Enter and Space ---------------
    skip_to_main(page)
    approve_link = page.locator(f"a[href='/programs/allowances/{month.pk}/approve/']")
    tab_to(page, approve_link)
    page.keyboard.press("Enter")
    approve_url = f"{detail_url}approve/"
    expect_at(page, approve_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Zatwierdzenie świadczeń: CIS A, {MARCH_SHOWN}"
    )
    expect(page.locator("main dl dd").nth(0)).to_have_text("2")
    expect(page.locator("main dl dd").nth(1)).to_have_text(pln(TOTAL))
    check_accessibility(page, "allowance-approve")

    confirm = page.locator("input[name='confirm']")
    submit = page.locator("main form button[type='submit']")
    confirmation = (
        "Sprawdziłem(-am) kwoty; zatwierdź miesiąc i zablokuj go przed zmianami."
    )
    expect(confirm).to_have_accessible_name(confirmation)
    expect(confirm).not_to_be_checked()
    skip_to_main(page)
    tab_to(page, confirm)
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    tab_to(page, submit, most=2)
    page.keyboard.press("Enter")

    # --- the month is approved and locked ------------------------------------
    expect_at(page, detail_url)
    expect(page.locator(".messages .alert-success")).to_have_text(
        "Miesiąc jest zatwierdzony i zablokowany."
    )
    expect(page.locator("h1 + .badge")).to_have_text("zatwierdzony i zablokowany")
    expect(page.locator(f"a[href='{approve_url.removeprefix(base)}']")).to_have_count(0)
    expect(page.locator("form[action$='/recompute/']")).to_have_count(0)
    expect(page.locator("a[href*='/bonus/']")).to_have_count(0)
    expect(page.locator("a[href$='/reopen/']")).to_have_count(1)
    expect(rows.nth(0).get_by_role("cell").nth(9)).to_have_text(pln(KOWALSKA))
    expect(rows.nth(1).get_by_role("cell").nth(9)).to_have_text(pln(NOWAK))
    check_accessibility(page, "allowance-month-approved")
    month.refresh_from_db()
    assert month.state == AllowanceMonthState.APPROVED
    assert month.approved_by == manager_a

    # --- the payroll list: the PDF is prepared, then downloaded ---------------
    payroll_pdf = page.locator(f"a[href='/programs/allowances/{month.pk}/payroll.pdf']")
    expect(payroll_pdf).to_have_text("Przygotuj listę wypłat (PDF)")
    payroll_pdf.click()
    expect(page.locator(".messages .alert-info")).to_have_text(
        "PDF jest przygotowywany; odśwież stronę za chwilę, aby go pobrać."
    )
    expect(payroll_pdf).to_have_text("Lista wypłat (PDF)")
    check_accessibility(page, "allowance-payroll-prepared")
    with page.expect_download() as info:
        payroll_pdf.click()
    pdf = info.value
    assert (
        pdf.suggested_filename
        == document_path(month, "payroll", "pdf").rsplit("/", 1)[-1]
    )
    assert re.fullmatch(r"lista-wyplat-2026-03-\d{20}\.pdf", pdf.suggested_filename)
    assert pdf.path().read_bytes().startswith(b"%PDF")

    payroll_xlsx = page.locator(
        f"a[href='/programs/allowances/{month.pk}/payroll.xlsx']"
    )
    with page.expect_download() as info:
        payroll_xlsx.click()
    xlsx = info.value
    assert xlsx.suggested_filename == pdf.suggested_filename.replace(".pdf", ".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.path().read_bytes())).active
    assert sheet["B2"].value == "Nazwisko i imię"
    assert sheet["M2"].value == "Do wypłaty (zł)"
    assert [sheet["B3"].value, sheet["B4"].value] == ["Kowalska Anna", "Nowak Jan"]
    assert Decimal(str(sheet["M3"].value)) == KOWALSKA
    assert Decimal(str(sheet["M4"].value)) == NOWAK
    assert sheet["A5"].value == "Razem"
    assert Decimal(str(sheet["M5"].value)).quantize(Decimal("0.01")) == TOTAL

    # --- the list shows the month approved -----------------------------------
    page.locator("main .breadcrumb a[href='/programs/allowances/']").click()
    expect(page).to_have_url(f"{base}/programs/allowances/")
    listed = page.locator("main table tbody tr")
    expect(listed).to_have_count(1)
    cells = listed.get_by_role("cell")
    expect(cells.nth(0)).to_have_text(MARCH_SHOWN)
    expect(cells.nth(1)).to_have_text("CIS A")
    expect(cells.nth(2)).to_have_text("zatwierdzony")
    expect(cells.nth(3)).to_have_text("2")
    expect(cells.nth(4)).to_have_text(pln(TOTAL))
    check_accessibility(page, "allowance-months-approved")
