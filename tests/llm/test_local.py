"""`python -m shoptalk.llm.local` refuses what it cannot serve with one line and exit code 2."""

import subprocess
import sys
from pathlib import Path

import pytest

from shoptalk.llm.local import free_port


@pytest.mark.parametrize("kind", ["missing", "not a gguf"])
def test_a_model_it_cannot_serve_is_one_line_and_exit_code_2(tmp_path: Path, kind: str) -> None:
    model = tmp_path / "model.gguf"
    if kind == "not a gguf":
        model.write_text("not a model")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "shoptalk.llm.local",
            "--model",
            str(model),
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert str(model) in line
    assert "Traceback" not in result.stderr
