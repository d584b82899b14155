"""headrace_api/ is what openapi-python-client makes of the API's OpenAPI document today: regenerated here from the
document the server serves and compared file by file, so a change to the API that was not regenerated fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx

HERE = Path(__file__).parent.parent


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts}


def test_the_generated_package_is_current(url: str, tmp_path: Path):
    document = tmp_path / "openapi.json"
    document.write_bytes(httpx.get(f"{url}/api/openapi.json").raise_for_status().content)
    # Beside a copy of pyproject.toml, as in the checkout: the formatter's fixes follow its requires-python.
    shutil.copy(HERE / "pyproject.toml", tmp_path / "pyproject.toml")
    out = tmp_path / "headrace_api"
    bin_dir = str(Path(sys.executable).parent)
    generator = shutil.which("openapi-python-client", path=bin_dir)
    assert generator, f"openapi-python-client is not installed beside {sys.executable} (clients/python/requirements-test.txt)"
    done = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(HERE / "openapi-python-client.yaml"),
            "--output-path",
            str(out),
        ],
        cwd=tmp_path,
        env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, f"the generator skipped parts of the document:\n{done.stdout}{done.stderr}"
    fresh, kept = files(out), files(HERE / "headrace_api")
    stale = sorted(name for name in fresh.keys() | kept.keys() if fresh.get(name) != kept.get(name))
    assert not stale, (
        f"clients/python/headrace_api/ is not what the API's document generates ({len(stale)} files differ: {', '.join(stale[:8])}); "
        "regenerate it as clients/python/README.md says"
    )
