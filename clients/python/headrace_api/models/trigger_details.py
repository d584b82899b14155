from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from typing_extensions import Self

from ..models.trigger_details_kind import TriggerDetailsKind, check_trigger_details_kind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.trigger_details_window import TriggerDetailsWindow


T = TypeVar("T", bound="TriggerDetails")


@_attrs_define
class TriggerDetails:
    event: str
    kind: TriggerDetailsKind
    summary: str
    endpoint: str | Unset = UNSET
    window: TriggerDetailsWindow | Unset = UNSET
    metric: str | Unset = UNSET
    value: float | Unset = UNSET
    source: str | Unset = UNSET
    webhook: str | Unset = UNSET
    hash_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event

        kind: str = self.kind

        summary = self.summary

        endpoint = self.endpoint

        window: dict[str, Any] | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.to_dict()

        metric = self.metric

        value = self.value

        source = self.source

        webhook = self.webhook

        hash_ = self.hash_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "kind": kind,
                "summary": summary,
            }
        )
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if window is not UNSET:
            field_dict["window"] = window
        if metric is not UNSET:
            field_dict["metric"] = metric
        if value is not UNSET:
            field_dict["value"] = value
        if source is not UNSET:
            field_dict["source"] = source
        if webhook is not UNSET:
            field_dict["webhook"] = webhook
        if hash_ is not UNSET:
            field_dict["hash"] = hash_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.trigger_details_window import TriggerDetailsWindow

        d = dict(src_dict)
        event = d.pop("event")

        kind = check_trigger_details_kind(d.pop("kind"))

        summary = d.pop("summary")

        endpoint = d.pop("endpoint", UNSET)

        _window = d.pop("window", UNSET)
        window: TriggerDetailsWindow | Unset
        if isinstance(_window, Unset):
            window = UNSET
        else:
            window = TriggerDetailsWindow.from_dict(_window)

        metric = d.pop("metric", UNSET)

        value = d.pop("value", UNSET)

        source = d.pop("source", UNSET)

        webhook = d.pop("webhook", UNSET)

        hash_ = d.pop("hash", UNSET)

        trigger_details = cls(
            event=event,
            kind=kind,
            summary=summary,
            endpoint=endpoint,
            window=window,
            metric=metric,
            value=value,
            source=source,
            webhook=webhook,
            hash_=hash_,
        )

        trigger_details.additional_properties = d
        return trigger_details

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
