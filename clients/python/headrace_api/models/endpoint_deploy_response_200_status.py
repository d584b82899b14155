from typing import Literal

EndpointDeployResponse200Status = Literal[
    "active", "failed", "pending", "rolled_back", "rolling", "superseded"
]

ENDPOINT_DEPLOY_RESPONSE_200_STATUS_VALUES: set[EndpointDeployResponse200Status] = {
    "active",
    "failed",
    "pending",
    "rolled_back",
    "rolling",
    "superseded",
}


def check_endpoint_deploy_response_200_status(
    value: str,
) -> EndpointDeployResponse200Status:
    if value in ENDPOINT_DEPLOY_RESPONSE_200_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_DEPLOY_RESPONSE_200_STATUS_VALUES!r}"
    )
