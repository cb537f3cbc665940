"""``{% for_person flag %}…{% endfor_person %}``: what only some readers of a shared part see (``core.shared_parts``).

Rendered for one person (a normal page), the block shows when ``flag`` is true in the context, as ``{% if flag %}``.
Rendered for a shared part (``core.shared_parts.render_shared``), the block always renders, between markers that
``core.shared_parts.for_person`` resolves for each reader. The block's content must not depend on the person
otherwise: anything else of theirs belongs in the part's key or outside the part.
"""
from django import template
from django.utils.safestring import mark_safe

from mandates.core.shared_parts import SHARED_RENDERING, close_marker, open_marker

register = template.Library()


class ForPersonNode(template.Node):
    def __init__(self, flag: str, nodelist):
        self.flag, self.nodelist = flag, nodelist

    def render(self, context):
        if context.get(SHARED_RENDERING):
            return mark_safe(open_marker(self.flag) + self.nodelist.render(context) + close_marker(self.flag))
        return self.nodelist.render(context) if context.get(self.flag) else ""


@register.tag
def for_person(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or not bits[1].replace("_", "").isalpha() or not bits[1].islower():
        raise template.TemplateSyntaxError("{% for_person flag %} takes one lower-case flag name")
    nodelist = parser.parse(("endfor_person",))
    parser.delete_first_token()
    return ForPersonNode(bits[1], nodelist)
