"""A news agency's closing sign-off ("REUTER") is furniture: not in the body, not an entity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search_index.entities import extract_entities
from search_index.ingest import load_file
from search_index.ingest.furniture import strip_signoff


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("Cocoa prices rose.\n Reuter", "Cocoa prices rose."),
        ("Cocoa prices rose.\n\n REUTER", "Cocoa prices rose."),
        ("Cocoa prices rose.\nREUTER^M", "Cocoa prices rose."),
        ("Shares fell.\n- AP", "Shares fell."),
        ("Reuters reported that shares fell.", "Reuters reported that shares fell."),
        ("The AP said so.\nMore later.", "The AP said so.\nMore later."),
    ],
)
def test_strip_signoff(body: str, kept: str) -> None:
    assert strip_signoff(body) == kept


def test_json_lines_and_text_files_lose_the_signoff(tmp_path: Path) -> None:
    record = {"title": "Brazil cocoa crop", "body": "Bahia cocoa rains helped.\n\n REUTER"}
    (tmp_path / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "wire.txt").write_text(
        "Brazil cocoa crop\n\nBahia cocoa rains helped the crop.\n\n Reuter\n", encoding="utf-8"
    )
    for name in ("wire.jsonl", "wire.txt"):
        (article,) = load_file(tmp_path / name, name)
        assert "reuter" not in article.body.lower(), name
        names = {e.name.lower() for e in extract_entities(article.title, article.body)}
        assert not any(n.startswith("reuter") for n in names), (name, names)
