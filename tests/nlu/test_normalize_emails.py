"""Email addresses spoken or spelled (tables in data/normalize_emails.yaml)."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import parse_email

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_emails.yaml").read_text())


@pytest.mark.parametrize(("text", "expected"), TABLES["email"])
def test_email(text: str, expected: str | None) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize("name", ["ada", "bo", "wei", "fatima", "jamal"])
@pytest.mark.parametrize("domain", ["example", "gmail", "yahoo"])
def test_spelled_addresses(name: str, domain: str) -> None:
    spelled = " ".join(name)
    assert parse_email(f"{spelled} at {domain} dot com") == f"{name}@{domain}.com"
    assert parse_email(f"{name} dot lee at {domain} dot com") == f"{name}.lee@{domain}.com"
