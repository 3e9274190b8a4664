"""Developer tools for measuring the build at province scale (``invoke bench``); not part of the site.

Every name, number and story this package writes is made up for the benchmark:
nothing here is a fact and nothing here may be copied into data/ or content/.
"""
