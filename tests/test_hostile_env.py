"""A hostile environment: a read-only or full disk, HOME unset, no terminal. Each gives a clear
one-line message and an exit code, never a traceback, and never a broken index."""

from __future__ import annotations

import builtins
import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from search_index.cli import common
from search_index.cli import main as cli
from search_index.engine import catalog as catalog_mod
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher


def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("NEWSDESK_INDEX_DIR", raising=False)


def _fail_writes_under(folder: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening any file under ``folder`` for writing fails with ``code`` (EROFS, ENOSPC...);
    works as root, where chmod would not stop anything."""
    real_os_open, real_open = os.open, builtins.open
    folder = folder.resolve()

    def inside(path: object) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(folder)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    def fake_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))  # type: ignore[arg-type]
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def fake_open(file: object, mode: str = "r", *args: object, **kwargs: object):  # noqa: ANN202
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and inside(file):
            raise OSError(code, os.strerror(code), os.fsdecode(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(builtins, "open", fake_open)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.txt").write_text(f"Headline {n}\n\nStory {n} about the harbour.\n")
    return corpus


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (errno.EROFS, "the index folder is on a read-only file system"),
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "no permission to write the index"),
        (errno.EDQUOT, "disk quota exceeded"),
    ],
)
def test_unwritable_index_folder_is_a_clear_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    phrase: str,
) -> None:
    _isolate(monkeypatch, tmp_path)
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    _fail_writes_under(index_dir, code, monkeypatch)
    status = cli.run(["index", str(corpus), "--index-dir", str(index_dir)])
    out, err = capsys.readouterr()
    assert status == common.EXIT_IO == 4
    assert err.startswith(f"newsdesk: {phrase}") and err.count("\n") == 1, err
    assert "Traceback" not in out + err
    # search on a corpus with no index tries to build it: the same clear message
    status = cli.run(["search", "harbour", "--corpus", str(corpus), "--index-dir", str(index_dir)])
    assert status == 4 and phrase in capsys.readouterr().err


def test_disk_full_during_the_commit_keeps_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _isolate(monkeypatch, tmp_path)
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "new.txt").write_text("Late headline\n\nA late story about lighthouses.\n")
    with monkeypatch.context() as patch:
        whoosh = index_dir / "whoosh"
        _fail_writes_under(whoosh if whoosh.exists() else index_dir, errno.ENOSPC, patch)
        status = cli.run(["index", str(corpus), "--index-dir", str(index_dir)])
    assert status == 4 and "the disk is full" in capsys.readouterr().err
    with Searcher(index_dir) as searcher:
        assert searcher.search("harbour").total == 3  # what was there is still there
    assert update_index([corpus], index_dir).articles == 4  # space again: it catches up


def test_catalog_database_full_or_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _isolate(monkeypatch, tmp_path)
    corpus = _corpus(tmp_path)
    for message, phrase in (
        ("database or disk is full", "the disk is full"),
        ("attempt to write a readonly database", "read-only"),
    ):

        def fail(*args: object, _message: str = message) -> None:
            raise sqlite3.OperationalError(_message)

        monkeypatch.setattr(catalog_mod.Catalog, "apply", fail)
        status = cli.run(["index", str(corpus), "--index-dir", str(tmp_path / "index")])
        err = capsys.readouterr().err
        assert status == 4 and phrase in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_really_read_only_folder(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    index_dir.chmod(0o555)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui", "index", str(corpus)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "NEWSDESK_INDEX_DIR": str(index_dir)},
        )
    finally:
        index_dir.chmod(0o755)
    assert done.returncode == 4 and "Traceback" not in done.stderr


def test_index_folder_that_cannot_exist(tmp_path: Path) -> None:
    """A real failure, also as root: the index path runs through a file."""
    corpus = _corpus(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "index", str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "NEWSDESK_INDEX_DIR": str(blocker / "index"),
            "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
        },
    )
    assert done.returncode == 4, done.stderr
    assert done.stderr.startswith("newsdesk: cannot use the index: Not a directory")
    assert "Traceback" not in done.stderr


# ----------------------------------------------------------------- HOME, terminals


def _env_without_home(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "HOME" and not k.startswith("XDG_") and not k.startswith("NEWSDESK_")
    }
    env.update(extra)
    return env


def test_home_unset_with_an_index_dir_works(tmp_path: Path) -> None:
    env = _env_without_home(tmp_path, NEWSDESK_INDEX_DIR=str(tmp_path / "index"))
    for args in (
        ("index", str(SEEDS)),
        ("search", "kosovo", "--corpus", str(SEEDS)),
        ("entities", "--corpus", str(SEEDS)),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
            cwd=tmp_path,
        )
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "~").exists()  # nothing written under a literal "~" folder


def test_home_unset_falls_back_to_the_user_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _isolate(monkeypatch, tmp_path)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    location = common.resolve_location([str(SEEDS)], None)
    assert location.index_dir.is_absolute()


def test_no_home_at_all_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """HOME unset and no entry in the user database (a container with a random uid)."""
    _isolate(monkeypatch, tmp_path)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    monkeypatch.chdir(tmp_path)
    status = cli.run(["search", "kosovo", "--corpus", str(SEEDS)])
    err = capsys.readouterr().err
    assert status == common.EXIT_USAGE
    assert "cannot find a home folder" in err and "NEWSDESK_INDEX_DIR" in err
    assert not (tmp_path / "~").exists()


def test_piped_output_has_no_ansi(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(tmp_path / "index"),
        "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
        "FORCE_COLOR": "",
        "TERM": "xterm",
    }
    for args in (
        ("index", str(SEEDS)),
        ("search", "kosovo", "--corpus", str(SEEDS)),
        ("show", "004_bbc6e1fe8c759d45.txt", "--corpus", str(SEEDS)),
        ("entities", "--corpus", str(SEEDS)),
        ("search", "title:(", "--corpus", str(SEEDS)),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            capture_output=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert b"\x1b" not in done.stdout + done.stderr, args
        assert b"Traceback" not in done.stderr


def test_the_reader_without_a_terminal_says_so(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", str(SEEDS)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
        env={
            **os.environ,
            "NEWSDESK_INDEX_DIR": str(tmp_path / "index"),
            "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
        },
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "Traceback" not in done.stderr
    assert "\x1b" not in done.stdout
