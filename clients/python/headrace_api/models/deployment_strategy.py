from typing import Literal

DeploymentStrategy = Literal["canary", "replace", "shadow", "split"]

DEPLOYMENT_STRATEGY_VALUES: set[DeploymentStrategy] = {
    "canary",
    "replace",
    "shadow",
    "split",
}


def check_deployment_strategy(value: str) -> DeploymentStrategy:
    if value in DEPLOYMENT_STRATEGY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DEPLOYMENT_STRATEGY_VALUES!r}"
    )
