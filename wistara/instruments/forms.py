"""The award settings form (issue 13): the fields as typed; the ranges are the service's rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import InstrumentVersion

V = InstrumentVersion


class AwardSettingsForm(forms.Form):
    band_edge = forms.ChoiceField(label=_("Band edges"), choices=V.BandEdge.choices)
    score_method = forms.ChoiceField(label=_("Overall score"), choices=V.ScoreMethod.choices)
    min_tatanan_percent = forms.DecimalField(
        label=_("Minimum per tatanan (%)"), required=False, max_digits=6, decimal_places=2
    )
    odf_denominator = forms.ChoiceField(label=_("ODF denominator"), choices=V.OdfDenominator.choices)
    odf_status = forms.ChoiceField(label=_("ODF status that counts"), choices=V.OdfStatus.choices)
    percent_rounding = forms.ChoiceField(label=_("Rounding of percentages"), choices=V.Rounding.choices)
    percent_decimals = forms.IntegerField(label=_("Decimals of percentages"))
    kelembagaan_pass_mark = forms.DecimalField(
        label=_("Kelembagaan pass mark (%)"), max_digits=6, decimal_places=2
    )
    paripurna_ip_spm_indicator = forms.CharField(
        label=_("Paripurna: IP SPM item (indicator code)"), required=False, max_length=20
    )
    paripurna_innovation_indicator = forms.CharField(
        label=_("Paripurna: adopted innovation item (indicator code)"), required=False, max_length=20
    )
