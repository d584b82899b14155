from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.deployment import Deployment


T = TypeVar("T", bound="EndpointGetResponse200")


@_attrs_define
class EndpointGetResponse200:
    name: str
    description: None | str
    require_token: bool
    log_sample_rate: float
    revision: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    current: Deployment | None
    created_by: str
    history: list[Deployment]

    def to_dict(self) -> dict[str, Any]:
        from ..models.deployment import Deployment

        name = self.name

        description: None | str
        description = self.description

        require_token = self.require_token

        log_sample_rate = self.log_sample_rate

        revision = self.revision

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        current: dict[str, Any] | None
        if isinstance(self.current, Deployment):
            current = self.current.to_dict()
        else:
            current = self.current

        created_by = self.created_by

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "description": description,
                "requireToken": require_token,
                "logSampleRate": log_sample_rate,
                "revision": revision,
                "createdAt": created_at,
                "updatedAt": updated_at,
                "current": current,
                "createdBy": created_by,
                "history": history,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.deployment import Deployment

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        require_token = d.pop("requireToken")

        log_sample_rate = d.pop("logSampleRate")

        revision = d.pop("revision")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))

        def _parse_current(data: object) -> Deployment | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                current_type_0 = Deployment.from_dict(data)

                return current_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Deployment | None, data)

        current = _parse_current(d.pop("current"))

        created_by = d.pop("createdBy")

        history = []
        _history = d.pop("history")
        for history_item_data in _history:
            history_item = Deployment.from_dict(history_item_data)

            history.append(history_item)

        endpoint_get_response_200 = cls(
            name=name,
            description=description,
            require_token=require_token,
            log_sample_rate=log_sample_rate,
            revision=revision,
            created_at=created_at,
            updated_at=updated_at,
            current=current,
            created_by=created_by,
            history=history,
        )

        return endpoint_get_response_200
