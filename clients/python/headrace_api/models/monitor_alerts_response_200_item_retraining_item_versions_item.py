from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="MonitorAlertsResponse200ItemRetrainingItemVersionsItem")


@_attrs_define
class MonitorAlertsResponse200ItemRetrainingItemVersionsItem:
    model: str
    version: int
    stage: str
    promoted_at: datetime.datetime | None

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        version = self.version

        stage = self.stage

        promoted_at: None | str
        if isinstance(self.promoted_at, datetime.datetime):
            promoted_at = self.promoted_at.isoformat()
        else:
            promoted_at = self.promoted_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "model": model,
                "version": version,
                "stage": stage,
                "promotedAt": promoted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model = d.pop("model")

        version = d.pop("version")

        stage = d.pop("stage")

        def _parse_promoted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                promoted_at_type_0 = datetime.datetime.fromisoformat(data)

                return promoted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        promoted_at = _parse_promoted_at(d.pop("promotedAt"))

        monitor_alerts_response_200_item_retraining_item_versions_item = cls(
            model=model,
            version=version,
            stage=stage,
            promoted_at=promoted_at,
        )

        return monitor_alerts_response_200_item_retraining_item_versions_item
