"""Chinese names of seas, oceans and archipelagos that contain a country's name.

Chinese writes "the Indian Ocean" 印度洋, "the Sea of Japan" 日本海 and "the
West Indies" 西印度群島: the country name with the feature's noun glued after
it. Those name the feature, not the country (as "Indian Ocean" does not count
in English). "海" followed by 軍/军 (navy), 岸 (coast), 關/关 (customs) or 外
(overseas) is another word: "日本海軍" is Japan's navy.
"""

from __future__ import annotations

import re

from es_ingest.gazetteer import DEMONYM, Match

_FEATURE_AFTER_RE = re.compile(r"(?:洋|群島|群岛|海(?![軍军岸關关外峽]))")


def is_feature_name(text: str, m: Match) -> bool:
    """True when Han match `m` is the start of a sea, ocean or archipelago name."""
    if m.entry.kind == DEMONYM:
        return False
    return _FEATURE_AFTER_RE.match(text, m.end) is not None
