"""``{{ mapping|lookup:key }}``: the content history page reads each log entry's values this way."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Mapping | None, key):
    return mapping.get(key) if mapping else None
