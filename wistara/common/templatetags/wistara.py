from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:name }}`: look a key up in a dict from the view."""
    return mapping.get(key) if hasattr(mapping, "get") else None
