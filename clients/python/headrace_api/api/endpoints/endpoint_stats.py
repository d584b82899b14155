from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.endpoint_stats_response_200 import EndpointStatsResponse200
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    endpoint: str,
    *,
    minutes: float | Unset = UNSET,
    deployment_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["minutes"] = minutes

    json_deployment_id: str | Unset = UNSET
    if not isinstance(deployment_id, Unset):
        json_deployment_id = str(deployment_id)
    params["deploymentId"] = json_deployment_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/endpoints/{endpoint}/stats".format(
            endpoint=quote(str(endpoint), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EndpointStatsResponse200 | Error | None:
    if response.status_code == 200:
        response_200 = EndpointStatsResponse200.from_dict(response.json())

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
) -> Response[EndpointStatsResponse200 | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint: str,
    *,
    client: AuthenticatedClient,
    minutes: float | Unset = UNSET,
    deployment_id: UUID | Unset = UNSET,
) -> Response[EndpointStatsResponse200 | Error]:
    """Per-variant requests, errors and latency of an endpoint

    Args:
        endpoint (str):
        minutes (float | Unset):
        deployment_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStatsResponse200 | Error]
    """

    kwargs = _get_kwargs(
        endpoint=endpoint,
        minutes=minutes,
        deployment_id=deployment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint: str,
    *,
    client: AuthenticatedClient,
    minutes: float | Unset = UNSET,
    deployment_id: UUID | Unset = UNSET,
) -> EndpointStatsResponse200 | Error | None:
    """Per-variant requests, errors and latency of an endpoint

    Args:
        endpoint (str):
        minutes (float | Unset):
        deployment_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStatsResponse200 | Error
    """

    return sync_detailed(
        endpoint=endpoint,
        client=client,
        minutes=minutes,
        deployment_id=deployment_id,
    ).parsed


async def asyncio_detailed(
    endpoint: str,
    *,
    client: AuthenticatedClient,
    minutes: float | Unset = UNSET,
    deployment_id: UUID | Unset = UNSET,
) -> Response[EndpointStatsResponse200 | Error]:
    """Per-variant requests, errors and latency of an endpoint

    Args:
        endpoint (str):
        minutes (float | Unset):
        deployment_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EndpointStatsResponse200 | Error]
    """

    kwargs = _get_kwargs(
        endpoint=endpoint,
        minutes=minutes,
        deployment_id=deployment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint: str,
    *,
    client: AuthenticatedClient,
    minutes: float | Unset = UNSET,
    deployment_id: UUID | Unset = UNSET,
) -> EndpointStatsResponse200 | Error | None:
    """Per-variant requests, errors and latency of an endpoint

    Args:
        endpoint (str):
        minutes (float | Unset):
        deployment_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EndpointStatsResponse200 | Error
    """

    return (
        await asyncio_detailed(
            endpoint=endpoint,
            client=client,
            minutes=minutes,
            deployment_id=deployment_id,
        )
    ).parsed
