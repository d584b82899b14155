from typing import Literal

EndpointDeployBodyStrategy = Literal["canary", "replace", "shadow", "split"]

ENDPOINT_DEPLOY_BODY_STRATEGY_VALUES: set[EndpointDeployBodyStrategy] = {
    "canary",
    "replace",
    "shadow",
    "split",
}


def check_endpoint_deploy_body_strategy(value: str) -> EndpointDeployBodyStrategy:
    if value in ENDPOINT_DEPLOY_BODY_STRATEGY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENDPOINT_DEPLOY_BODY_STRATEGY_VALUES!r}"
    )
