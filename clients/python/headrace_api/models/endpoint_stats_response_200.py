from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from typing_extensions import Self

if TYPE_CHECKING:
    from ..models.endpoint_stats_response_200_answering import (
        EndpointStatsResponse200Answering,
    )
    from ..models.endpoint_stats_response_200_variants_item import (
        EndpointStatsResponse200VariantsItem,
    )


T = TypeVar("T", bound="EndpointStatsResponse200")


@_attrs_define
class EndpointStatsResponse200:
    endpoint: str
    now: datetime.datetime
    since: datetime.datetime
    minutes: float
    serve_url: str
    answering: EndpointStatsResponse200Answering
    variants: list[EndpointStatsResponse200VariantsItem]

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint

        now = self.now.isoformat()

        since = self.since.isoformat()

        minutes = self.minutes

        serve_url = self.serve_url

        answering = self.answering.to_dict()

        variants = []
        for variants_item_data in self.variants:
            variants_item = variants_item_data.to_dict()
            variants.append(variants_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "endpoint": endpoint,
                "now": now,
                "since": since,
                "minutes": minutes,
                "serveUrl": serve_url,
                "answering": answering,
                "variants": variants,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_stats_response_200_answering import (
            EndpointStatsResponse200Answering,
        )
        from ..models.endpoint_stats_response_200_variants_item import (
            EndpointStatsResponse200VariantsItem,
        )

        d = dict(src_dict)
        endpoint = d.pop("endpoint")

        now = datetime.datetime.fromisoformat(d.pop("now"))

        since = datetime.datetime.fromisoformat(d.pop("since"))

        minutes = d.pop("minutes")

        serve_url = d.pop("serveUrl")

        answering = EndpointStatsResponse200Answering.from_dict(d.pop("answering"))

        variants = []
        _variants = d.pop("variants")
        for variants_item_data in _variants:
            variants_item = EndpointStatsResponse200VariantsItem.from_dict(
                variants_item_data
            )

            variants.append(variants_item)

        endpoint_stats_response_200 = cls(
            endpoint=endpoint,
            now=now,
            since=since,
            minutes=minutes,
            serve_url=serve_url,
            answering=answering,
            variants=variants,
        )

        return endpoint_stats_response_200
