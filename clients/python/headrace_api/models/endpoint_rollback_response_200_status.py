from typing import Literal

EndpointRollbackResponse200Status = Literal[
    "active", "failed", "pending", "rolled_back", "rolling", "superseded"
]

ENDPOINT_ROLLBACK_RESPONSE_200_STATUS_VALUES: set[EndpointRollbackResponse200Status] = {
    "active",
    "failed",
    "pending",
    "rolled_back",
    "rolling",
    "superseded",
}


def check_endpoint_rollback_response_200_status(
    value: str,
) -> EndpointRollbackResponse200Status:
    if value in ENDPOINT_ROLLBACK_RESPONSE_200_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_ROLLBACK_RESPONSE_200_STATUS_VALUES!r}"
    )
