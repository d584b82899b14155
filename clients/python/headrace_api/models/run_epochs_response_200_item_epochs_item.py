from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from typing_extensions import Self

T = TypeVar("T", bound="RunEpochsResponse200ItemEpochsItem")


@_attrs_define
class RunEpochsResponse200ItemEpochsItem:
    epoch: int
    loss: float
    val_loss: float | None
    val_metric: float | None
    samples_per_second: float | None
    lr: float | None

    def to_dict(self) -> dict[str, Any]:
        epoch = self.epoch

        loss = self.loss

        val_loss: float | None
        val_loss = self.val_loss

        val_metric: float | None
        val_metric = self.val_metric

        samples_per_second: float | None
        samples_per_second = self.samples_per_second

        lr: float | None
        lr = self.lr

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "epoch": epoch,
                "loss": loss,
                "valLoss": val_loss,
                "valMetric": val_metric,
                "samplesPerSecond": samples_per_second,
                "lr": lr,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        epoch = d.pop("epoch")

        loss = d.pop("loss")

        def _parse_val_loss(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        val_loss = _parse_val_loss(d.pop("valLoss"))

        def _parse_val_metric(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        val_metric = _parse_val_metric(d.pop("valMetric"))

        def _parse_samples_per_second(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        samples_per_second = _parse_samples_per_second(d.pop("samplesPerSecond"))

        def _parse_lr(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lr = _parse_lr(d.pop("lr"))

        run_epochs_response_200_item_epochs_item = cls(
            epoch=epoch,
            loss=loss,
            val_loss=val_loss,
            val_metric=val_metric,
            samples_per_second=samples_per_second,
            lr=lr,
        )

        return run_epochs_response_200_item_epochs_item
