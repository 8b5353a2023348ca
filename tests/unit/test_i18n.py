"""Tests for bot.i18n and the Fluent catalogs: completeness, rendering, escaping."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, FluentSerializer, ast
from fluent.syntax.visitor import Visitor

from bot.i18n import (
    LANGUAGES,
    Catalog,
    Html,
    catalog_files,
    catalog_source,
    escape,
    message_ids,
    normalize_language,
    plain,
    t,
)
from sandbox.html_check import HtmlParseError, parse_html

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "handlers", "scheduler", "web")

# Keys built at run time (f-strings), which no literal scan can see.
DYNAMIC_KEYS = {
    *(f"status-{status}" for status in ("pending", "approved", "rejected")),
    *(f"approval-decided-{status}" for status in ("approved", "rejected")),
    *(f"command-{name}" for name in ("start", "jadwal", "profil", "bahasa", "bantuan")),
    # web/templates: "web-answer-" ~ the answer.
    *(f"web-answer-{answer}" for answer in ("attending", "delegated", "declined")),
}
# `t("key"` in the web door's templates (the viewer's language is bound already).
TEMPLATE_CALL = re.compile(r"\bt\(\s*[\"']([a-z][a-z0-9-]*[a-z0-9])[\"']\s*[,)]")

# `t(lang, "key"` (also spread over lines) and `ServiceError("key"`.
T_CALL = re.compile(r"\bt\(\s*[\w.\[\]\"']+\s*,\s*\"([a-z][a-z0-9-]*)\"")
SERVICE_ERROR = re.compile(r"\bServiceError\(\s*\"([a-z][a-z0-9-]*)\"")
# Any other hyphenated literal (keys chosen in a conditional, a dict, a default argument).
LITERAL = re.compile(r"[\"']([a-z]+(?:-[a-z0-9]+)+)[\"']")


def python_sources() -> list[Path]:
    return sorted(path for folder in SOURCE_DIRS for path in (ROOT / folder).rglob("*.py"))


@cache
def source_text() -> str:
    return "\n".join(path.read_text("utf-8") for path in python_sources())


def called_keys() -> set[str]:
    text = source_text()
    templates = "\n".join(
        path.read_text("utf-8") for path in sorted((ROOT / "web" / "templates").glob("*.html"))
    )
    return (
        set(T_CALL.findall(text))
        | set(SERVICE_ERROR.findall(text))
        | set(TEMPLATE_CALL.findall(templates))
    )


def literal_keys() -> set[str]:
    """Hyphenated literals whose first word is the first word of some message id."""
    families = {key.split("-")[0] for key in message_ids("id") | message_ids("en")}
    return {
        literal for literal in LITERAL.findall(source_text()) if literal.split("-")[0] in families
    }


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


@cache
def variables(lang: str) -> dict[str, frozenset[str]]:
    """Message id -> the `$variables` it uses."""
    resource = FluentParser().parse(catalog_source(lang))
    result = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            visitor = _Variables()
            visitor.visit(entry)
            result[entry.id.name] = frozenset(visitor.names)
    return result


def test_sources_found() -> None:
    """The scan really reads the code (guards against a wrong ROOT)."""
    assert len(python_sources()) > 10
    keys = called_keys()
    assert {"welcome", "error-text-empty", "error-rsvp-closed", "announcement"} <= keys
    assert {"web-forums-upcoming", "kiosk-screen-counter"} <= keys  # the templates
    assert "decision-approved" in literal_keys()


def test_catalogs_parse_without_junk() -> None:
    for lang in LANGUAGES:
        resource = FluentParser().parse(catalog_source(lang))
        junk = [entry.content for entry in resource.body if isinstance(entry, ast.Junk)]
        assert junk == [], f"{lang}.ftl has unparsable entries"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_message_is_found_in_its_file_without_parsing(lang: str) -> None:
    """The catalog parses a file when one of its messages is first needed: its index of
    which file holds which message must know every message the parser finds."""
    catalog = Catalog(lang, catalog_files(lang))
    ids = message_ids(lang)
    assert [key for key in sorted(ids) if not catalog.has(key)] == []
    assert not catalog.has("no-such-message")
    # Only the file of the message asked for is parsed.
    catalog.format("command-start", {})
    assert catalog.parsed == ["core.ftl"]


def test_a_reference_to_a_file_not_parsed_yet_is_followed() -> None:
    catalog = Catalog(
        "id",
        [
            ("a.ftl", "greeting = { -office } menyapa { welcome-line }\n"),
            ("b.ftl", "-office = KPU Kota Mojokerto\nwelcome-line = Bapak/Ibu { $name }\n"),
        ],
    )
    assert catalog.format("greeting", {"name": "Ratna"}) == (
        "KPU Kota Mojokerto menyapa Bapak/Ibu Ratna",
        [],
    )
    text, errors = catalog.format("welcome-line", {})
    assert text == "Bapak/Ibu name"  # Fluent names the missing variable
    assert len(errors) == 1


def test_catalogs_have_the_same_ids() -> None:
    ids_id, ids_en = message_ids("id"), message_ids("en")
    assert len(ids_id) > 100
    assert ids_id - ids_en == set(), "missing in en.ftl"
    assert ids_en - ids_id == set(), "missing in id.ftl"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_code_exists(lang: str) -> None:
    used = called_keys() | literal_keys() | DYNAMIC_KEYS
    assert used - message_ids(lang) == set()


def test_messages_use_the_same_variables_in_both_languages() -> None:
    id_vars, en_vars = variables("id"), variables("en")
    differing = {
        key: (id_vars[key], en_vars.get(key))
        for key in id_vars
        if id_vars[key] != en_vars.get(key)
    }
    assert differing == {}


def dummy_values(lang: str, key: str) -> dict[str, object]:
    return {name: f'<{name}> & "{name}"' for name in variables(lang)[key]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_as_telegram_html(lang: str) -> None:
    for key in sorted(message_ids(lang)):
        values = dummy_values(lang, key)
        text = t(lang, key, **values)
        assert isinstance(text, Html)
        assert text.strip(), key
        try:
            parsed = parse_html(text)
        except HtmlParseError as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{lang}:{key} is not Telegram HTML: {exc}\n{text}")
        for name in values:
            assert f'<{name}> & "{name}"' in parsed.text, (lang, key, name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_with_numbers(lang: str) -> None:
    for key in sorted(message_ids(lang)):
        names = variables(lang)[key]
        text = t(lang, key, **dict.fromkeys(names, 7))
        parse_html(text)
        if names:
            assert "7" in text, key


def test_missing_variable_raises() -> None:
    with pytest.raises(KeyError, match="welcome-back"):
        t("id", "welcome-back")


def test_unknown_key_raises() -> None:
    with pytest.raises(KeyError):
        t("id", "no-such-message")


def test_user_values_are_escaped() -> None:
    text = t("id", "welcome-back", name="<b>&x")
    assert "&lt;b&gt;&amp;x" in text
    assert "<b>&x" not in text
    assert parse_html(text).text.startswith("Selamat datang kembali, Bapak/Ibu <b>&x.")


def test_html_values_are_not_escaped_twice() -> None:
    profile = t(
        "en", "profile", name="A & B", pillar="POLRI", institution="<i>", position="x", status="ok"
    )
    assert "A &amp; B" in profile
    wrapped = t("en", "profile-card", profile=profile)
    assert "A &amp; B" in wrapped
    assert "&amp;amp;" not in wrapped
    assert "<b>A &amp; B</b>" in wrapped
    parsed = parse_html(wrapped)
    assert "A & B" in parsed.text
    assert "<i>" in parsed.text
    assert any(entity["type"] == "bold" for entity in parsed.entities)


@pytest.mark.parametrize(
    ("key", "values"),
    [
        ("announcement", {"text": "x" * 3500}),
        ("announcement", {"text": "&" * 600}),
        ("schedule", {"rows": Html("\n".join(["<b>Forum koordinasi</b> · Hotel Ayola"] * 80))}),
    ],
)
def test_long_values_render(key: str, values: dict[str, object]) -> None:
    text = t("id", key, **values)
    parse_html(text)
    assert len(text) > 2500


def test_escape_returns_html_and_is_idempotent_through_t() -> None:
    safe = escape("<script>")
    assert isinstance(safe, Html)
    assert safe == "&lt;script&gt;"
    assert t("id", "welcome-back", name=safe).count("&lt;script&gt;") == 1


def test_quotes_are_left_alone() -> None:
    assert '"Bu Ani"' in t("id", "welcome-back", name='"Bu Ani"')


def test_english_and_indonesian_differ() -> None:
    assert t("id", "button-attending") == "Hadir"
    assert t("en", "button-attending") == "Attending"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("id", "id"),
        ("en", "en"),
        ("en-US", "en"),
        ("ID", "id"),
        ("fr", "id"),
        (None, "id"),
        ("", "id"),
    ],
)
def test_normalize_language(code: str | None, expected: str) -> None:
    assert normalize_language(code) == expected


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert t("fr", "button-attending") == "Hadir"


def test_plain_strips_tags_and_unescapes() -> None:
    assert plain(t("id", "welcome-back", name="A & <B>")).startswith(
        "Selamat datang kembali, Bapak/Ibu A & <B>."
    )
    assert plain("<b>Hadir</b> &amp; siap") == "Hadir & siap"


def test_catalog_files_pair_up_and_never_repeat_an_id() -> None:
    """Each area has a file in every language, and no id is defined in two files (Fluent
    would silently keep one of them)."""
    folders = {lang: Path(ROOT, "bot", "locales", lang) for lang in LANGUAGES}
    names = {
        lang: sorted(p.name for p in folder.glob("*.ftl")) for lang, folder in folders.items()
    }
    assert names["id"] == names["en"]
    for lang, folder in folders.items():
        seen: dict[str, str] = {}
        for path in sorted(folder.glob("*.ftl")):
            resource = FluentParser().parse(path.read_text("utf-8"))
            for entry in resource.body:
                if isinstance(entry, ast.Message):
                    assert entry.id.name not in seen, (
                        f"{lang}: {entry.id.name} in {seen.get(entry.id.name)} and {path.name}"
                    )
                    seen[entry.id.name] = path.name


def _message_sources(lang: str) -> dict[str, str]:
    """Message id -> its Fluent source (comments left out)."""
    resource = FluentParser().parse(catalog_source(lang))
    serializer = FluentSerializer()
    return {
        entry.id.name: serializer.serialize_entry(entry)
        for entry in resource.body
        if isinstance(entry, ast.Message)
    }


def test_officials_are_addressed_as_bapak_ibu_never_anda() -> None:
    """GLOSSARY "Register": no Indonesian message says "Anda" (as a word: "Andalan" would
    pass), and the catalog has messages that do say "Bapak/Ibu"."""
    sources = _message_sources("id")
    assert [key for key, text in sources.items() if re.search(r"\bAnda\b", text)] == []
    assert sum("Bapak/Ibu" in text for text in sources.values()) > 30


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        (
            "recap-core-missing",
            {"pillars": "TNI"},
            "⚠️ Belum ada konfirmasi kehadiran dari pilar utama: TNI",
        ),
        ("error-internal", {}, "Maaf, terjadi kesalahan. Silakan coba beberapa saat lagi."),
        (
            "rsvp-waitlisted",
            {"position": 2},
            "Kursi penuh. Bapak/Ibu masuk daftar tunggu (nomor 2). Kami akan memberi tahu "
            "Bapak/Ibu apabila tersedia kursi.",
        ),
    ],
)
def test_the_lines_issue_10_fixes_read_as_it_gives_them(
    key: str, values: dict[str, object], expected: str
) -> None:
    assert plain(t("id", key, **values)) == expected


@pytest.mark.parametrize(
    ("key", "name", "one", "other"),
    [
        ("capacity-seats", "count", "1 seat", "2 seats"),
        ("forum-published", "invited", "going to 1 member.", "going to 2 members."),
        ("announce-queued", "count", "out to 1 member.", "out to 2 members."),
        ("change-saved", "count", "sent to 1 member.", "sent to 2 members."),
        ("cancel-done", "count", "sent to 1 member.", "sent to 2 members."),
        ("export-caption-pdf", "count", "· 1 person", "· 2 people"),
        ("pillar-row", "members", "— 1 member", "— 2 members"),
        ("error-token-throttled", "minutes", "in 1 minute.", "in 2 minutes."),
    ],
)
def test_english_counts_use_plural_forms(key: str, name: str, one: str, other: str) -> None:
    values: dict[str, object] = {v: "x" for v in variables("en")[key] if v != name}
    assert one in plain(t("en", key, **values, **{name: 1}))
    assert other in plain(t("en", key, **values, **{name: 2}))


COMMAND_NAMES = {
    "id": ("/daftar", "/jadwal", "/profil", "/bahasa", "/bantuan", "/batal", "/forum_baru",
           "/rekap", "/presensi", "/umumkan", "/tautan", "/anggota", "/pilar", "/spj", "/kantor"),
    "en": ("/register", "/schedule", "/profile", "/language", "/help", "/cancel", "/newforum",
           "/report", "/checkin", "/announce", "/invite", "/members", "/pillars", "/paperwork",
           "/office"),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_names_each_command_one_way(lang: str) -> None:
    """A member reads one name per command: the Indonesian catalog the Indonesian names,
    the English one the English aliases (the bot takes both)."""
    other = next(code for code in LANGUAGES if code != lang)
    text = "\n".join(_message_sources(lang).values())
    named = [name for name in COMMAND_NAMES[other] if re.search(re.escape(name) + r"(?!\w)", text)]
    assert named == []
