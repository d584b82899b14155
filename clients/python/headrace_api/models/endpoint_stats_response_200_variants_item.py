from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.endpoint_stats_response_200_variants_item_shadow_type_0 import (
        EndpointStatsResponse200VariantsItemShadowType0,
    )


T = TypeVar("T", bound="EndpointStatsResponse200VariantsItem")


@_attrs_define
class EndpointStatsResponse200VariantsItem:
    variant: str
    role: str
    deployment_id: None | UUID
    model_version_id: None | UUID
    requests: float
    errors: float
    error_rate: float
    rps: float
    p_50_ms: float | None
    p_99_ms: float | None
    mean_ms: float | None
    shadow: EndpointStatsResponse200VariantsItemShadowType0 | None
    servers: int

    def to_dict(self) -> dict[str, Any]:
        from ..models.endpoint_stats_response_200_variants_item_shadow_type_0 import (
            EndpointStatsResponse200VariantsItemShadowType0,
        )

        variant = self.variant

        role = self.role

        deployment_id: None | str
        if isinstance(self.deployment_id, UUID):
            deployment_id = str(self.deployment_id)
        else:
            deployment_id = self.deployment_id

        model_version_id: None | str
        if isinstance(self.model_version_id, UUID):
            model_version_id = str(self.model_version_id)
        else:
            model_version_id = self.model_version_id

        requests = self.requests

        errors = self.errors

        error_rate = self.error_rate

        rps = self.rps

        p_50_ms: float | None
        p_50_ms = self.p_50_ms

        p_99_ms: float | None
        p_99_ms = self.p_99_ms

        mean_ms: float | None
        mean_ms = self.mean_ms

        shadow: dict[str, Any] | None
        if isinstance(self.shadow, EndpointStatsResponse200VariantsItemShadowType0):
            shadow = self.shadow.to_dict()
        else:
            shadow = self.shadow

        servers = self.servers

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "variant": variant,
                "role": role,
                "deploymentId": deployment_id,
                "modelVersionId": model_version_id,
                "requests": requests,
                "errors": errors,
                "errorRate": error_rate,
                "rps": rps,
                "p50Ms": p_50_ms,
                "p99Ms": p_99_ms,
                "meanMs": mean_ms,
                "shadow": shadow,
                "servers": servers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_stats_response_200_variants_item_shadow_type_0 import (
            EndpointStatsResponse200VariantsItemShadowType0,
        )

        d = dict(src_dict)
        variant = d.pop("variant")

        role = d.pop("role")

        def _parse_deployment_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deployment_id_type_0 = UUID(data)

                return deployment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        deployment_id = _parse_deployment_id(d.pop("deploymentId"))

        def _parse_model_version_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                model_version_id_type_0 = UUID(data)

                return model_version_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        model_version_id = _parse_model_version_id(d.pop("modelVersionId"))

        requests = d.pop("requests")

        errors = d.pop("errors")

        error_rate = d.pop("errorRate")

        rps = d.pop("rps")

        def _parse_p_50_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p_50_ms = _parse_p_50_ms(d.pop("p50Ms"))

        def _parse_p_99_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        p_99_ms = _parse_p_99_ms(d.pop("p99Ms"))

        def _parse_mean_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        mean_ms = _parse_mean_ms(d.pop("meanMs"))

        def _parse_shadow(
            data: object,
        ) -> EndpointStatsResponse200VariantsItemShadowType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shadow_type_0 = (
                    EndpointStatsResponse200VariantsItemShadowType0.from_dict(data)
                )

                return shadow_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EndpointStatsResponse200VariantsItemShadowType0 | None, data)

        shadow = _parse_shadow(d.pop("shadow"))

        servers = d.pop("servers")

        endpoint_stats_response_200_variants_item = cls(
            variant=variant,
            role=role,
            deployment_id=deployment_id,
            model_version_id=model_version_id,
            requests=requests,
            errors=errors,
            error_rate=error_rate,
            rps=rps,
            p_50_ms=p_50_ms,
            p_99_ms=p_99_ms,
            mean_ms=mean_ms,
            shadow=shadow,
            servers=servers,
        )

        return endpoint_stats_response_200_variants_item
