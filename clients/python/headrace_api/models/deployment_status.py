from typing import Literal

DeploymentStatus = Literal[
    "active", "failed", "pending", "rolled_back", "rolling", "superseded"
]

DEPLOYMENT_STATUS_VALUES: set[DeploymentStatus] = {
    "active",
    "failed",
    "pending",
    "rolled_back",
    "rolling",
    "superseded",
}


def check_deployment_status(value: str) -> DeploymentStatus:
    if value in DEPLOYMENT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DEPLOYMENT_STATUS_VALUES!r}"
    )
