import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.run_list_status import RunListStatus
from ...models.run_list_trigger import RunListTrigger
from ...models.run_page import RunPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    pipeline: str | Unset = UNSET,
    status: RunListStatus | Unset = UNSET,
    trigger: RunListTrigger | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pipeline"] = pipeline

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    json_trigger: str | Unset = UNSET
    if not isinstance(trigger, Unset):
        json_trigger = trigger

    params["trigger"] = json_trigger

    params["endpoint"] = endpoint

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    elif isinstance(cursor, UUID):
        json_cursor = str(cursor)
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/runs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RunPage | None:
    if response.status_code == 200:
        response_200 = RunPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RunPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    pipeline: str | Unset = UNSET,
    status: RunListStatus | Unset = UNSET,
    trigger: RunListTrigger | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | RunPage]:
    """Runs, newest first, filtered

    Args:
        pipeline (str | Unset):
        status (RunListStatus | Unset):
        trigger (RunListTrigger | Unset):
        endpoint (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (None | Unset | UUID):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RunPage]
    """

    kwargs = _get_kwargs(
        pipeline=pipeline,
        status=status,
        trigger=trigger,
        endpoint=endpoint,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    pipeline: str | Unset = UNSET,
    status: RunListStatus | Unset = UNSET,
    trigger: RunListTrigger | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
) -> Error | RunPage | None:
    """Runs, newest first, filtered

    Args:
        pipeline (str | Unset):
        status (RunListStatus | Unset):
        trigger (RunListTrigger | Unset):
        endpoint (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (None | Unset | UUID):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RunPage
    """

    return sync_detailed(
        client=client,
        pipeline=pipeline,
        status=status,
        trigger=trigger,
        endpoint=endpoint,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    pipeline: str | Unset = UNSET,
    status: RunListStatus | Unset = UNSET,
    trigger: RunListTrigger | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
) -> Response[Error | RunPage]:
    """Runs, newest first, filtered

    Args:
        pipeline (str | Unset):
        status (RunListStatus | Unset):
        trigger (RunListTrigger | Unset):
        endpoint (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (None | Unset | UUID):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RunPage]
    """

    kwargs = _get_kwargs(
        pipeline=pipeline,
        status=status,
        trigger=trigger,
        endpoint=endpoint,
        from_=from_,
        to=to,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    pipeline: str | Unset = UNSET,
    status: RunListStatus | Unset = UNSET,
    trigger: RunListTrigger | Unset = UNSET,
    endpoint: str | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    cursor: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
) -> Error | RunPage | None:
    """Runs, newest first, filtered

    Args:
        pipeline (str | Unset):
        status (RunListStatus | Unset):
        trigger (RunListTrigger | Unset):
        endpoint (str | Unset):
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        cursor (None | Unset | UUID):
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RunPage
    """

    return (
        await asyncio_detailed(
            client=client,
            pipeline=pipeline,
            status=status,
            trigger=trigger,
            endpoint=endpoint,
            from_=from_,
            to=to,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
