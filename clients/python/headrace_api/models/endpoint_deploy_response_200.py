from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from typing_extensions import Self

from ..models.endpoint_deploy_response_200_status import (
    EndpointDeployResponse200Status,
    check_endpoint_deploy_response_200_status,
)
from ..models.endpoint_deploy_response_200_strategy import (
    EndpointDeployResponse200Strategy,
    check_endpoint_deploy_response_200_strategy,
)

if TYPE_CHECKING:
    from ..models.endpoint_deploy_response_200_config import (
        EndpointDeployResponse200Config,
    )
    from ..models.variant import Variant


T = TypeVar("T", bound="EndpointDeployResponse200")


@_attrs_define
class EndpointDeployResponse200:
    id: UUID
    endpoint_id: UUID
    number: int
    strategy: EndpointDeployResponse200Strategy
    variants: list[Variant]
    config: EndpointDeployResponse200Config
    status: EndpointDeployResponse200Status
    previous_deployment_id: None | UUID
    rollback_of: None | UUID
    workflow_id: None | str
    actor: str
    reason: None | str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    endpoint: str
    endpoint_created: bool

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        endpoint_id = str(self.endpoint_id)

        number = self.number

        strategy: str = self.strategy

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        config = self.config.to_dict()

        status: str = self.status

        previous_deployment_id: None | str
        if isinstance(self.previous_deployment_id, UUID):
            previous_deployment_id = str(self.previous_deployment_id)
        else:
            previous_deployment_id = self.previous_deployment_id

        rollback_of: None | str
        if isinstance(self.rollback_of, UUID):
            rollback_of = str(self.rollback_of)
        else:
            rollback_of = self.rollback_of

        workflow_id: None | str
        workflow_id = self.workflow_id

        actor = self.actor

        reason: None | str
        reason = self.reason

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        endpoint = self.endpoint

        endpoint_created = self.endpoint_created

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "endpointId": endpoint_id,
                "number": number,
                "strategy": strategy,
                "variants": variants,
                "config": config,
                "status": status,
                "previousDeploymentId": previous_deployment_id,
                "rollbackOf": rollback_of,
                "workflowId": workflow_id,
                "actor": actor,
                "reason": reason,
                "createdAt": created_at,
                "finishedAt": finished_at,
                "endpoint": endpoint,
                "endpointCreated": endpoint_created,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_deploy_response_200_config import (
            EndpointDeployResponse200Config,
        )
        from ..models.variant import Variant

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        endpoint_id = UUID(d.pop("endpointId"))

        number = d.pop("number")

        strategy = check_endpoint_deploy_response_200_strategy(d.pop("strategy"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = Variant.from_dict(variants_item_data)

            variants.append(variants_item)

        config = EndpointDeployResponse200Config.from_dict(d.pop("config"))

        status = check_endpoint_deploy_response_200_status(d.pop("status"))

        def _parse_previous_deployment_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_deployment_id_type_0 = UUID(data)

                return previous_deployment_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        previous_deployment_id = _parse_previous_deployment_id(
            d.pop("previousDeploymentId")
        )

        def _parse_rollback_of(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rollback_of_type_0 = UUID(data)

                return rollback_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        rollback_of = _parse_rollback_of(d.pop("rollbackOf"))

        def _parse_workflow_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        workflow_id = _parse_workflow_id(d.pop("workflowId"))

        actor = d.pop("actor")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))

        endpoint = d.pop("endpoint")

        endpoint_created = d.pop("endpointCreated")

        endpoint_deploy_response_200 = cls(
            id=id,
            endpoint_id=endpoint_id,
            number=number,
            strategy=strategy,
            variants=variants,
            config=config,
            status=status,
            previous_deployment_id=previous_deployment_id,
            rollback_of=rollback_of,
            workflow_id=workflow_id,
            actor=actor,
            reason=reason,
            created_at=created_at,
            finished_at=finished_at,
            endpoint=endpoint,
            endpoint_created=endpoint_created,
        )

        return endpoint_deploy_response_200
