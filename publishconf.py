"""Settings for the public build (make publish): only fully reviewed content, absolute URLs.

The public address comes from the environment, so no placeholder domain is
ever published:  SITE_PUBLIC_URL=https://… make publish
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITE_PUBLIC_URL = os.environ.get("SITE_PUBLIC_URL", "")
SITEURL = SITE_PUBLIC_URL.rstrip("/")
RELATIVE_URLS = not SITEURL
OUTPUT_PATH = "public"
PUBLIC_BUILD = True
