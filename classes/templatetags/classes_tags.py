"""``{% share_with_class attempt %}``: the "share with my class" box on a class quiz's results.

A tag rather than something the quiz's view passes, so ``quiz`` never imports ``classes``.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("classes/_share_box.html", takes_context=True)
def share_with_class(context: template.Context, attempt) -> dict:
    from classes.views import share_box_context

    request = context.get("request")
    box = share_box_context(request, attempt) if attempt is not None and request is not None else {}
    # The form's CSRF token comes from the page's context.
    return {**box, "csrf_token": context.get("csrf_token")}
