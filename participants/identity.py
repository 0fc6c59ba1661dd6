"""The keyed hash of a PESEL: the same person gives the same hash in every
unit, so the system can warn that someone takes part in another centre, and
count distinct persons nationally, without any unit seeing another's data.
The key is a setting (PESEL_HASH_KEY), never stored beside the hashes."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def pesel_hash(pesel: str) -> str:
    """HMAC-SHA256 of the PESEL under the settings' key ("" for no PESEL)."""
    if not pesel:
        return ""
    key = settings.PESEL_HASH_KEY.encode()
    return hmac.new(key, pesel.encode(), hashlib.sha256).hexdigest()
