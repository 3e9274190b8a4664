"""Review before publishing (三审三校, 先审后发): each piece of content says where it stands.

A story, village, initiative or route carries its status and the trail of who
wrote and who reviewed it, when. Whether that is enough to publish depends on
how many review levels the site requires (a setting), so that decision lives
in checks/review.py; here are only the typed fields and their own consistency.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from .types import Choice, FullDate, Text

# The review levels in order, by the word staff use for each.
LEVELS = (("first", "初审"), ("second", "复审"), ("final", "终审"))


class Status(Choice):
    DRAFT = "草稿"
    PENDING = "待审"
    PUBLISHED = "已发布"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Signoff(_Model):
    by: Text
    date: FullDate


class Review(_Model):
    writer: Signoff | None = None  # 撰稿人
    first: Signoff | None = None  # 初审
    second: Signoff | None = None  # 复审
    final: Signoff | None = None  # 终审

    def missing(self, levels: int) -> list[str]:
        """Names of the required levels not yet signed, in order."""
        return [label for key, label in LEVELS[:levels] if getattr(self, key) is None]

    @model_validator(mode="after")
    def _in_order(self) -> Review:
        steps = [("writer", "撰稿"), *LEVELS]
        signed = [(key, label, getattr(self, key)) for key, label in steps if getattr(self, key) is not None]
        for (_, before, earlier), (key, after, later) in zip(signed, signed[1:]):
            if later.date < earlier.date:
                raise PydanticCustomError("record", "{after}日期 {d2} 早于{before}日期 {d1}，请核对审核记录。",
                                          {"field": key, "rule": "review-order", "after": after,
                                           "before": before, "d1": str(earlier.date), "d2": str(later.date)})
        return self


class Reviewed(_Model):
    """Fields every publishable piece of content has."""

    status: Status = Status.DRAFT
    review: Review = Review()


class Waiver(_Model):
    """A deliberate, explained exception to one content rule, written in the record itself."""

    rule: Text
    text: Text | None = None  # only problems about this exact text are waived
    reason: Text
