"""Help pages are usable with a screen reader and a keyboard: axe-core finds no violations."""

from tests.e2e.portal_support import AXE, describe_violations

PAGES = [
    "/",
    "/zugang/",
    "/zugang/anmelden/",
    "/persoenliche-daten/bankverbindung/",
    "/rechnungen/e-rechnung/",
    "/tags/",
    "/404.html",
]


def test_help_pages_have_no_axe_violations(page, static_site):
    failures = []
    for path in PAGES:
        page.goto(static_site + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
        )
        if violations:
            failures.append(f"{path}:\n{describe_violations(violations)}")
    assert not failures, "\n\n".join(failures)
