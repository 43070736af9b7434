"""Static checks of the storefront that need no browser and no JavaScript runtime.

They guard what a browser test would only notice indirectly: that the site works under the
CDN's same-origin Content-Security-Policy, that CloudFront's /assets/* behaviour covers every
file the page loads, and that the hooks the browser test relies on stay in place.
"""

import mimetypes
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "app" / "storefront"
ASSETS = ROOT / "assets"
INDEX = ROOT / "index.html"
SCRIPTS = sorted(ASSETS.glob("*.js"))
TEXT_FILES = [INDEX, *sorted(p for p in ASSETS.iterdir() if p.suffix in {".js", ".css", ".svg"})]

# The contract with the browser test (issue 5) and anyone scripting the UI.
TEST_HOOKS = {
    "product-card",
    "add-to-cart",
    "cart-count",
    "checkout-email",
    "place-order",
    "order-confirmation",
    "form-error",
}

# Sinks that either break under Trusted Types / a strict CSP or invite HTML injection.
FORBIDDEN_JS = {
    "innerHTML": re.compile(r"\.innerHTML\b"),
    "outerHTML": re.compile(r"\.outerHTML\b"),
    "insertAdjacentHTML": re.compile(r"\binsertAdjacentHTML\b"),
    "document.write": re.compile(r"\bdocument\.write(?:ln)?\b"),
    "eval": re.compile(r"(?<![\w.])eval\s*\("),
    "new Function": re.compile(r"\bnew\s+Function\s*\("),
    "string timer": re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*['\"`]"),
    "inline style": re.compile(r"\.style\.|setAttribute\(\s*['\"]style['\"]"),
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    in_template: bool


class Page(HTMLParser):
    """index.html as a flat list of elements, noting which sit inside a <template>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.inline_scripts: list[str] = []
        self.style_blocks = 0
        self._template_depth = 0
        self._script_open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), self._template_depth > 0))
        if tag == "template":
            self._template_depth += 1
        elif tag == "script":
            self._script_open = True
        elif tag == "style":
            self.style_blocks += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._template_depth -= 1
        elif tag == "script":
            self._script_open = False

    def handle_data(self, data: str) -> None:
        if self._script_open and data.strip():
            self.inline_scripts.append(data.strip())


@pytest.fixture(scope="module")
def page() -> Page:
    parsed = Page()
    parsed.feed(INDEX.read_text(encoding="utf-8"))
    parsed.close()
    return parsed


def _ids(page: Page, *, include_templates: bool) -> set[str]:
    return {
        str(el.attrs["id"])
        for el in page.elements
        if el.attrs.get("id") and (include_templates or not el.in_template)
    }


def test_layout_is_index_plus_assets_folder() -> None:
    # CloudFront sends /assets/* to the storefront bucket; anything else at the root would be
    # routed to the API instead.
    assert sorted(p.name for p in ROOT.iterdir()) == ["assets", "index.html"]
    assert not [p for p in ASSETS.rglob("*") if p.is_dir()], "keep assets/ flat"


def test_html_has_no_inline_code_or_styles(page: Page) -> None:
    assert page.inline_scripts == []
    assert page.style_blocks == 0
    offenders = [
        (el.tag, name)
        for el in page.elements
        for name, value in el.attrs.items()
        if name == "style" or name.startswith("on") or "javascript:" in (value or "").lower()
    ]
    assert offenders == []


def test_scripts_are_same_origin_modules(page: Page) -> None:
    scripts = [el.attrs for el in page.elements if el.tag == "script"]
    assert scripts == [{"type": "module", "src": "/assets/app.js"}]


def test_every_referenced_file_is_an_existing_absolute_asset(page: Page) -> None:
    refs = [
        str(el.attrs[attr])
        for el in page.elements
        for attr in ("src", "href")
        if el.attrs.get(attr) and not str(el.attrs[attr]).startswith("#")
    ]
    assert refs, "index.html should load its assets"
    for ref in refs:
        assert ref.startswith("/assets/"), f"{ref} must be an absolute /assets/ path"
        assert (ASSETS / ref.removeprefix("/assets/")).is_file(), f"{ref} does not exist"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_module_imports_resolve_to_sibling_files(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    specifiers = re.findall(
        r"^\s*(?:import|export)\b[^'\"]*?from\s+['\"]([^'\"]+)['\"]", source, re.M
    )
    specifiers += re.findall(r"\bimport\(\s*['\"]([^'\"]+)['\"]\s*\)", source)
    for spec in specifiers:
        # Bare specifiers need an import map or a bundler; neither exists here.
        assert spec.startswith("./") and spec.endswith(".js"), f"{script.name}: {spec}"
        assert (script.parent / spec).resolve().is_file(), f"{script.name}: {spec} is missing"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_avoid_html_injection_and_inline_style_sinks(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    found = sorted(name for name, pattern in FORBIDDEN_JS.items() if pattern.search(source))
    assert found == [], f"{script.name} uses {', '.join(found)}"


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: p.name)
def test_nothing_is_loaded_from_another_origin(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # The SVG namespace is an identifier, not a request.
    text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"\b(?:https?:)?//[\w.-]+\.\w", text), f"{path.name} names a host"
    assert "@import" not in text


def test_ids_used_by_the_script_exist_in_the_page(page: Page) -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SCRIPTS)
    wanted = set(re.findall(r"\$\('#([\w-]+)'\)", source))
    assert wanted, "the scripts look their elements up by id"
    assert wanted - _ids(page, include_templates=False) == set()


def test_aria_and_label_references_point_at_real_ids(page: Page) -> None:
    ids = _ids(page, include_templates=False)
    for el in page.elements:
        if el.in_template:
            continue  # template ids are assigned per clone at runtime
        for attr in ("for", "aria-controls", "aria-labelledby", "aria-describedby"):
            for ref in str(el.attrs.get(attr) or "").split():
                assert ref in ids, f"<{el.tag} {attr}={ref!r}> points nowhere"


def test_form_controls_outside_templates_have_labels(page: Page) -> None:
    labelled = {
        str(el.attrs["for"]) for el in page.elements if el.tag == "label" and el.attrs.get("for")
    }
    for el in page.elements:
        if el.in_template or el.tag not in {"input", "select", "textarea"}:
            continue
        assert el.attrs.get("id") in labelled or el.attrs.get("aria-label"), el.attrs


def test_browser_test_hooks_are_present(page: Page) -> None:
    hooks = {str(el.attrs["data-testid"]) for el in page.elements if el.attrs.get("data-testid")}
    assert hooks >= TEST_HOOKS, f"missing: {sorted(TEST_HOOKS - hooks)}"
    cards = [el for el in page.elements if el.attrs.get("data-testid") == "product-card"]
    assert len(cards) == 1 and cards[0].in_template
    # The script sets data-sku on each card from the product it renders.
    assert "dataset.sku = product.sku" in (ASSETS / "product-grid.js").read_text(encoding="utf-8")


def test_page_declares_language_viewport_and_charset(page: Page) -> None:
    html = next(el for el in page.elements if el.tag == "html")
    assert html.attrs.get("lang")
    metas = [el.attrs for el in page.elements if el.tag == "meta"]
    assert {"charset": "utf-8"} in metas
    assert any(m.get("name") == "viewport" for m in metas)


@pytest.mark.parametrize("path", sorted(ASSETS.iterdir()), ids=lambda p: p.name)
def test_assets_have_a_content_type_an_uploader_can_guess(path: Path) -> None:
    # Uploads to S3 set Content-Type from the extension; module scripts with a wrong type
    # are refused by the browser.
    guessed, _ = mimetypes.guess_type(path.name)
    assert guessed in {"text/javascript", "application/javascript", "text/css", "image/svg+xml"}
