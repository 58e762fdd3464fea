"""The panel's two forms. They parse the input; the services decide (and check again)."""

from typing import cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Response

from .filetypes import TYPES
from .kinds import TaggedFile, guess_kind, guess_years, parse_years
from .models import Evidence

ACCEPT = ",".join(sorted({ext for file_type in TYPES.values() for ext in file_type.extensions}))


class _EvidenceForm(forms.Form):
    prefix_name = "evidence"
    data_year = forms.TypedChoiceField(label=_("Data year"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Evidence.Kind.choices])
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, response: Response, **kwargs):
        # Ids carry the response's id: a page may hold more than one panel.
        kwargs.setdefault("auto_id", f"evidence-{response.id}-{self.prefix_name}-%s")
        super().__init__(*args, **kwargs)
        years = list(response.registration.cycle.data_years)
        cast(forms.TypedChoiceField, self.fields["data_year"]).choices = [(y, str(y)) for y in years]
        if years and not self.is_bound:
            self.initial.setdefault("data_year", years[-1])
        if not self.is_bound:  # the usual kind, changeable: an unchosen kind was a refused upload
            self.initial.setdefault("kind", Evidence.Kind.REPORT)


class EvidenceUploadForm(_EvidenceForm):
    prefix_name = "file"
    file = forms.FileField(label=_("File"))
    field_order = ["file", "data_year", "kind", "title"]

    def __init__(self, *args, response: Response, **kwargs):
        super().__init__(*args, response=response, **kwargs)
        self.fields["title"].help_text = _("Leave empty to use the file's name.")
        self.fields["file"].help_text = _("PDF, image, office document or CSV; at most %(limit)s.") % {
            "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)
        }
        self.fields["file"].widget.attrs.update(
            {
                "accept": ACCEPT,
                "data-max-bytes": settings.EVIDENCE_MAX_BYTES,
                "data-too-large": _("This file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)},
            }
        )


class EvidenceLinkForm(_EvidenceForm):
    prefix_name = "link"
    url = forms.CharField(
        label=_("Web address"), max_length=2000, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    field_order = ["url", "data_year", "kind", "title"]

    def __init__(self, *args, response: Response, **kwargs):
        super().__init__(*args, response=response, **kwargs)
        self.fields["title"].help_text = _("Leave empty to use the address.")


def tagged_files(post, files, years: list[int]) -> list[TaggedFile]:
    """The files chosen in the item form, each with its years and kind.

    The page sends `file-years-<n>` ("2023", "2024" or "both") and `file-kind-<n>` for the n-th
    file; a browser without script sends neither, and the file's name decides (kinds.py), as the
    page would have proposed.
    """
    chosen = []
    for number, upload in enumerate(files.getlist("files")):
        picked = parse_years(post.get(f"file-years-{number}"), years)
        kind = post.get(f"file-kind-{number}") or ""
        if kind not in Evidence.Kind.values:
            kind = guess_kind(upload.name, upload.content_type or "")
        chosen.append(
            TaggedFile(
                file=upload,
                kind=kind,
                years=picked if picked is not None else guess_years(upload.name, years),
            )
        )
    return chosen
