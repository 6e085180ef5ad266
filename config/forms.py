from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every field through one site-wide template (label, help, errors next to the input)."""

    field_template_name = "forms/field.html"
