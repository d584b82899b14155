"""What the tests run against: an embedded Headrace platform that test/clients/clients.test.ts starts and describes
in the environment (the API's URL, a token per role, a predict server, the pipeline saved there, the OpenAPI
document). Run from outside that test, they fail with a sentence saying so."""

from __future__ import annotations

import os

import pytest

from headrace import Headrace


def need(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: these tests run from test/clients/clients.test.ts (npm test), which starts the platform")
    return value


@pytest.fixture(scope="session")
def url() -> str:
    return need("HEADRACE_URL")


@pytest.fixture(scope="session")
def pipeline() -> str:
    return need("HEADRACE_TEST_PIPELINE")


@pytest.fixture(scope="session")
def editor(url: str) -> Headrace:
    return Headrace(url, need("HEADRACE_TEST_EDITOR_TOKEN"), serve_url=need("HEADRACE_SERVE_URL"))


@pytest.fixture(scope="session")
def viewer(url: str) -> Headrace:
    return Headrace(url, need("HEADRACE_TEST_VIEWER_TOKEN"), serve_url=need("HEADRACE_SERVE_URL"))


@pytest.fixture(scope="session")
def admin(url: str) -> Headrace:
    return Headrace(url, need("HEADRACE_TEST_ADMIN_TOKEN"), serve_url=need("HEADRACE_SERVE_URL"))
