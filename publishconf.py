"""Settings for the public build: absolute URLs on the real host."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://example.gov.cn")  # set SITEURL when publishing
RELATIVE_URLS = False
