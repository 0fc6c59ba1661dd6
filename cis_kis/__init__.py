"""cis-kis: case management and reporting for social-employment units."""

__version__ = "0.1.0"
