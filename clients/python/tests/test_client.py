"""The hand-written layer against a real platform: a run started, its logs followed to the end, waited for, started
again with the same idempotency key, a failed run raising RunFailed, model versions listed and promoted, the
deployed endpoint predicting, the generated client under ``.api``, and the API's refusals as HeadraceError."""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

import httpx
import pytest

from headrace import FINISHED, Headrace, HeadraceError, RunFailed
from headrace_api.api.auth import auth_me

ROW = {"Beak Length (mm)": 39.1, "Beak Depth (mm)": 18.7, "Flipper Length (mm)": 181, "Body Mass (g)": 3750}


@pytest.fixture(scope="module")
def finished(editor: Headrace, pipeline: str):
    """A run started without waiting, its logs followed until it ended: (run id, the lines followed, the key)."""
    key = f"python-{uuid.uuid4()}"
    started = editor.start_run(pipeline, {"minAccuracy": 0.8}, idempotency_key=key)
    assert started.status in ("queued", "running")
    assert started.params.to_dict() == {"minAccuracy": 0.8}
    lines = list(editor.logs(started.id, follow=True, poll=0.2))
    return started.id, lines, key


def test_follows_a_run_s_logs_until_it_ends_then_waits_for_it(editor: Headrace, finished):
    run_id, lines, _ = finished
    # follow=True returned: the run had ended, and every line it wrote was read, in order, once.
    assert editor.get_run(run_id).status in FINISHED
    assert [line.id for line in lines] == sorted({line.id for line in lines})
    assert any(line.step_id == "train" and re.match(r"epoch \d+/\d+ loss \d", line.message) for line in lines)
    assert [line.id for line in editor.logs(run_id)] == [line.id for line in lines]
    assert all(line.step_id == "train" for line in editor.logs(run_id, step="train"))
    run = editor.wait(run_id, timeout=60)
    assert run.status == "succeeded"
    assert sorted(s.step_id for s in run.steps) == ["clean", "deploy", "evaluate", "ingest", "register", "split", "train", "validate"]
    assert run.finished_at >= run.created_at  # dates are read back as datetimes


def test_the_same_idempotency_key_returns_the_same_run_and_wait_returns_it_finished(editor: Headrace, pipeline: str, finished):
    run_id, _, key = finished
    again = editor.start_run(pipeline, {"minAccuracy": 0.8}, idempotency_key=key, wait=True, timeout=60)
    assert again.id == run_id and again.status == "succeeded"
    assert run_id in [r.id for r in editor.runs(pipeline, status="succeeded")]


def test_a_run_that_fails_its_gate_raises_run_failed_unless_not_checked(editor: Headrace, pipeline: str):
    with pytest.raises(RunFailed) as failed:
        editor.start_run(pipeline, {"minAccuracy": 1.5}, wait=True, timeout=120)
    run = failed.value.run
    assert run.status == "failed"
    assert "evaluate" in str(failed.value)
    assert editor.wait(run.id, check=False).status == "failed"


def test_lists_and_promotes_model_versions(editor: Headrace, viewer: Headrace, admin: Headrace, finished):
    run_id, _, _ = finished
    versions = viewer.model_versions("penguins")
    newest = versions[0]
    assert newest.run_id == run_id and newest.stage == "staging"
    assert [v.version for v in versions] == sorted((v.version for v in versions), reverse=True)
    # Production is the admins' to grant (the production gate); editors move versions between the other stages.
    for who in (viewer, editor):
        with pytest.raises(HeadraceError) as refused:
            who.promote("penguins", newest.version, "production", reason="not theirs to grant")
        assert (refused.value.status, refused.value.code) == (403, "FORBIDDEN")
    promoted = admin.promote("penguins", newest.version, "production", reason="passed its gate in the Python client test")
    assert promoted.stage == "production"
    assert promoted.stage_changes[-1].reason == "passed its gate in the Python client test"
    assert viewer.model_versions("penguins")[0].stage == "production"


def test_predicts_with_the_endpoint_the_run_deployed(viewer: Headrace, finished):
    until = time.monotonic() + 60
    while not httpx.get(f"{viewer.serve_url}/v2/models/penguins/ready").is_success:
        assert time.monotonic() < until, "the penguins endpoint never became ready"
        time.sleep(0.2)
    answer = viewer.predict("penguins", [ROW, ROW])
    assert len(answer["predictions"]) == 2
    assert answer["predictions"][0]["label"] in ("Adelie", "Chinstrap", "Gentoo")
    assert answer["model"]["name"] == "penguins"
    with pytest.raises(HeadraceError) as bad:
        viewer.predict("penguins", [{"Beak Length (mm)": 39.1}])
    assert bad.value.status == 400 and "Beak Depth (mm)" in bad.value.message


def test_the_generated_client_is_under_api(viewer: Headrace):
    me = auth_me.sync(client=viewer.api)
    assert me.username == "viewer-user" and me.role == "viewer" and me.via == "token"


def test_refusals_are_headrace_errors_with_code_sentence_and_field(url: str, viewer: Headrace, pipeline: str):
    with pytest.raises(HeadraceError) as bad:
        viewer.get_run("not-a-run")
    assert (bad.value.status, bad.value.code, bad.value.field) == (400, "BAD_REQUEST", "id")
    with pytest.raises(HeadraceError) as missing:
        viewer.get_run(str(uuid.uuid4()))
    assert (missing.value.status, missing.value.code) == (404, "NOT_FOUND")
    with pytest.raises(HeadraceError) as forbidden:
        viewer.start_run(pipeline)
    assert (forbidden.value.status, forbidden.value.code) == (403, "FORBIDDEN")
    with pytest.raises(HeadraceError) as anonymous:
        Headrace(url, token="").runs()
    assert (anonymous.value.status, anonymous.value.code) == (401, "UNAUTHORIZED")


def test_the_readme_s_five_lines_run_as_written(url: str, pipeline: str, finished):
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    assert len([line for line in code.splitlines() if line.strip() and not line.startswith("#")]) <= 6
    env = {
        "HEADRACE_URL": url,
        "HEADRACE_TOKEN": os.environ["HEADRACE_TEST_ADMIN_TOKEN"],
        "HEADRACE_SERVE_URL": os.environ["HEADRACE_SERVE_URL"],
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        scope: dict = {}
        exec(compile(code, "README.md", "exec"), scope)
        assert scope["run"].status == "succeeded"
        assert scope["answer"]["predictions"][0]["label"] in ("Adelie", "Chinstrap", "Gentoo")
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
