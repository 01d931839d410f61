"""config.toml: typed settings, errors that name the file, line and key, ``newsdesk config``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search_index.cli.common import resolve_location
from search_index.cli.main import run
from search_index.config.settings import (
    Config,
    ConfigError,
    config_path,
    key_line,
    key_lines,
    load_config,
    parse_config,
)
from search_index.config.template import TEMPLATE, write_default


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(text: str, tmp_path: Path) -> str:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


# --------------------------------------------------------------------- reading


def test_missing_file_is_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nothing.toml")
    assert config == Config()
    assert (config.sort, config.theme, config.sidebar, config.dates) == (
        "relevance",
        "textual-dark",
        True,
        "absolute",
    )
    assert config.keymap == () and config.corpus == () and config.index_dir is None


def test_every_setting_is_read_into_typed_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "conf" / "config.toml",
        'corpus = ["news", "~/feeds.xml"]\nindex_dir = "idx"\nsort = "date"\n'
        'theme = "nord"\nsidebar = false\ndates = "relative"\n\n'
        '[keymap]\nnext-hit = "ctrl+n"\n"list.down" = ["j", "ctrl+e"]\n',
    )
    config = load_config(path)
    base = tmp_path / "conf"
    assert config.corpus == (base / "news", Path("~/feeds.xml").expanduser())
    assert config.index_dir == base / "idx"  # relative to the config file
    assert (config.sort, config.theme, config.sidebar, config.dates) == (
        "date",
        "nord",
        False,
        "relative",
    )
    assert config.keymap == (("next-hit", "ctrl+n"), ("list.down", "j,ctrl+e"))
    assert config.path == path
    assert config.where("keymap.list.down") == f"{path}, line 10"


def test_a_single_corpus_string_is_a_list_of_one(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "config.toml", 'corpus = "/srv/news"\n'))
    assert config.corpus == (Path("/srv/news"),)


def test_the_commented_default_file_is_exactly_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "newsdesk" / "config.toml"
    assert write_default(path) is None
    assert path.read_text(encoding="utf-8") == TEMPLATE
    assert load_config(path) == Config()
    # It explains every key the file may hold.
    for key in ("corpus", "index_dir", "sort", "theme", "sidebar", "dates", "refresh", "[keymap]"):
        assert f"\n# {key.strip('[]')}:" in TEMPLATE or key in TEMPLATE
    # Uncommenting every example still gives a valid file.
    examples = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line else line
        for line in TEMPLATE.splitlines()
        if not line.startswith('# corpus = "')  # two alternative corpus examples: keep one
    )
    config = parse_config(examples, path)
    assert config.corpus and config.index_dir is not None
    assert dict(config.keymap)["next-hit"] == "ctrl+n"


# --------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'sort = "date"\nsortt = "date"\n',
            ["line 2", "unknown key 'sortt'", "known keys: corpus"],
        ),
        ('\n\nsort = "newest"\n', ["line 3", "'sort'", '"relevance" or "date"', '"newest"']),
        ('dates = "ago"\n', ["line 1", "'dates'", '"absolute" or "relative"']),
        ('sidebar = "yes"\n', ["line 1", "'sidebar'", "true or false", '"yes"']),
        ("theme = 3\n", ["line 1", "'theme'", "Textual theme", "not 3"]),
        ('theme = ""\n', ["line 1", "'theme'"]),
        ("corpus = [1, 2]\n", ["line 1", "'corpus'", "folder or file", "a list"]),
        ("index_dir = true\n", ["line 1", "'index_dir'", "a folder", "not true"]),
        ('keymap = "ctrl+n"\n', ["line 1", "'keymap'", "a table"]),
        ("# keys\n[keymap]\nnext-hit = 5\n", ["line 3", "'next-hit'", "key string", "not 5"]),
        ('[keymap]\nnext-hit = " , "\n', ["line 2", "'next-hit'", "no key", "delete the line"]),
        ("keymap = { zoom = 1 }\n", ["line 1", "'zoom'"]),
        ('sort = "date"\nsort "x"\n', ["not valid TOML", "line 2"]),
        ('\nrefresh = "soon"\n', ["line 2", "'refresh'", '"off"', '"30m"', '"2h"', '"soon"']),
        ("refresh = 30\n", ["line 1", "'refresh'", "minutes", "not 30"]),
        ('refresh = "2m"\n', ["line 1", "'refresh'", "at least 5 minutes", '"2m"']),
        ('refresh = "30s"\n', ["line 1", "'refresh'", '"30s"']),
    ],
)
def test_bad_values_name_the_file_line_key_and_what_is_allowed(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    message = error_of(text, tmp_path)
    assert message.startswith(str(tmp_path / "config.toml"))
    for part in expected:
        assert part in message, message


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("off", 0),
        ("OFF", 0),
        ("30m", 1800),
        ("45 min", 2700),
        ("90 minutes", 5400),
        ("2h", 7200),
        ("1 hour", 3600),
        (" 3 hrs ", 10800),
    ],
)
def test_refresh_takes_off_minutes_and_hours(tmp_path: Path, value: str, seconds: int) -> None:
    assert parse_config(f'refresh = "{value}"\n', tmp_path / "config.toml").refresh == seconds


def test_a_file_that_is_not_utf8_says_which_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'sort = "date"\ntheme = "caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"line 2: not UTF-8"):
        load_config(path)


def test_a_folder_in_place_of_the_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path / "config.toml")


def test_key_lines_follow_tables_quotes_and_multiline_strings() -> None:
    text = (
        'corpus = """\n'
        "sort = not a key\n"
        '"""\n'
        "[keymap]\n"
        '  "list.down" = "j"\n'
        "next-hit='n' # comment\n"
        "[other.table]\n"
        "x.y = 1\n"
        "inline = { a = 1 }\n"
    )
    lines = key_lines(text)
    assert ("sort",) not in lines
    assert lines[("keymap", "list.down")] == 5
    assert lines[("keymap", "next-hit")] == 6
    assert lines[("other", "table", "x", "y")] == 8
    assert key_line(text, ["other", "table", "inline", "a"]) == 9  # inside an inline table


# --------------------------------------------------------------------- where, and its use


def test_config_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "newsdesk" / "config.toml"
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"


def test_commands_use_the_configured_corpus_and_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    path = write(tmp_path / "config.toml", f'corpus = "{seeds_dir}"\nindex_dir = "my-index"\n')
    monkeypatch.setenv("NEWSDESK_CONFIG", str(path))
    location = resolve_location([], None)
    assert location.corpora == (seeds_dir.resolve(),)
    assert location.index_dir == tmp_path / "my-index"


# --------------------------------------------------------------------- newsdesk config


def test_config_path_prints_the_path_even_without_a_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["config", "--path"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == str(config_path()) and not Path(out).exists()


def test_config_init_writes_once_and_force_keeps_a_backup(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = config_path()
    assert run(["config", "--init"]) == 0
    assert path.read_text(encoding="utf-8") == TEMPLATE
    assert f"Wrote {path}" in capsys.readouterr().out
    path.write_text('sort = "date"\n', encoding="utf-8")
    assert run(["config", "--init"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert path.read_text(encoding="utf-8") == 'sort = "date"\n'  # untouched
    assert run(["config", "--init", "--force"]) == 0
    assert path.read_text(encoding="utf-8") == TEMPLATE
    assert path.with_name("config.toml.bak").read_text(encoding="utf-8") == 'sort = "date"\n'
    assert run(["config", "--force"]) == 2  # --force alone means nothing


def test_config_check_prints_the_settings_in_effect(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert run(["config"]) == 0
    out = capsys.readouterr().out
    assert "none: defaults in use" in out and "sort         relevance" in out
    write(config_path(), 'sort = "date"\ndates = "relative"\n[keymap]\nnext-hit = "ctrl+n"\n')
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(tmp_path / "env-index"))
    assert run(["config", "--check"]) == 0
    out = capsys.readouterr().out
    assert "sort         date" in out and "dates        relative" in out
    assert "keymap       next-hit = ctrl+n" in out
    assert f"{tmp_path / 'env-index'} (from $NEWSDESK_INDEX_DIR)" in out


def test_a_bad_config_is_refused_by_every_command_naming_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(config_path(), '# my settings\nsidebar = "no"\n')
    assert run(["config", "--check"]) == 2
    err = capsys.readouterr().err
    assert f"{config_path()}, line 2: 'sidebar' must be true or false" in err
    assert run(["search", "kosovo", "--index-dir", str(tmp_path / "i")]) == 2
    assert "line 2: 'sidebar'" in capsys.readouterr().err
