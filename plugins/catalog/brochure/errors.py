"""What stops a brochure besides problems in the content files (those are BuildFailed, with file:line)."""

from __future__ import annotations


class BrochureError(Exception):
    """No PDF was written; the message, in Chinese, says why and what to do."""
