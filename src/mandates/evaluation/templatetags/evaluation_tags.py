from django import template

from mandates.evaluation.selectors import lessons_for_project as select_lessons

register = template.Library()


@register.simple_tag(takes_context=True)
def lessons_for_project(context, project, limit=10):
    """Lessons on the results ``project`` serves, as the viewer may see them."""
    request = context.get("request")
    return select_lessons(project, getattr(request, "user", None), limit=limit)
