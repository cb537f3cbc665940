from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlighted(paragraph):
    """The paragraph's text with its opening verb in bold and its addressee marked."""
    text = paragraph.text
    verb = paragraph.verb if paragraph.verb and text.startswith(paragraph.verb) else ""
    rest = text[len(verb):]
    addressee = paragraph.addressee
    at = rest.find(addressee) if addressee else -1
    if at >= 0:
        body = (escape(rest[:at]) + format_html('<mark class="paragraph__addressee">{}</mark>', addressee)
                + escape(rest[at + len(addressee):]))
    else:
        body = escape(rest)
    head = format_html('<strong class="paragraph__verb">{}</strong>', verb) if verb else ""
    return mark_safe(str(head) + str(body).replace("\n", "<br>"))


@register.filter
def state_badge(value, label=None):
    """A badge for an obligation's state (due/overdue/answered) or a link's state."""
    state = getattr(value, "state", value)
    text = label or getattr(value, "state_label", None) or getattr(value, "get_state_display", lambda: state)()
    return format_html('<span class="badge badge--{}">{}</span>', state, text)

