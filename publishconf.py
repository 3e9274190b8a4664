"""Settings for the public build (make publish): only what reviewers signed, with the site's public address.

The public address comes from the environment, so no placeholder domain is
ever published:  SITE_PUBLIC_URL=https://… make publish
Links between pages stay relative, so public/ can be looked at on this computer
before it is uploaded (make view-public); the address is used where an absolute
one is needed: canonical links, the sitemap, the feed, JSON-LD.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITE_PUBLIC_URL = os.environ.get("SITE_PUBLIC_URL", "")
OUTPUT_PATH = "public"
PUBLIC_BUILD = True
