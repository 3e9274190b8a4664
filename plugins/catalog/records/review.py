"""Review before publishing (三审三校, 先审后发): the fields content carries about it.

A story, village, initiative or route says only whether its author is still writing it (草稿) or has
handed it in (待审). Who approved it is not typed anywhere: reviewers sign it with their own keys
(signoff/), and only their valid signatures publish it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from .types import Choice, Text


class Status(Choice):
    DRAFT = "草稿"
    PENDING = "待审"
    PUBLISHED = "已发布"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reviewed(_Model):
    """Fields every publishable piece of content has.

    ``status`` is the author's word only (草稿 while writing, 待审 when ready); what is published is decided by
    the reviewers' signatures (signoff/), never by anything typed here.
    """

    status: Status = Status.DRAFT
    author: Text | None = None  # 撰稿人, as the author signs the text (reviewers sign with keys, signoff/)
    review: Any = None  # refused: see _no_typed_review

    @field_validator("review")
    @classmethod
    def _no_typed_review(cls, value: Any) -> Any:
        if value is not None:
            raise PydanticCustomError("record", "不再手工填写：审核改为审核人用自己的密钥签名（make sign），"
                                      "签名自动保存在 reviews/ 文件夹。请删除 review 这一段，见工作指南“审核和签名”。",
                                      {"rule": "review-typed"})
        return value

    @field_validator("status")
    @classmethod
    def _not_typed_published(cls, value: Status) -> Status:
        if value is Status.PUBLISHED:
            raise PydanticCustomError("record", "不能写“已发布”：初审、复审、终审三级签名齐全后自动发布。"
                                      "写完请改为“待审”，等审核人签名。", {"rule": "review-typed"})
        return value


class Waiver(_Model):
    """A deliberate, explained exception to one content rule, written in the record itself."""

    rule: Text
    text: Text | None = None  # only problems about this exact text are waived
    reason: Text
