"""Admin forms: friendly messages for rules a many-to-many field cannot enforce in the database."""

from django import forms

from .models import Provision


class ProvisionAdminForm(forms.ModelForm):
    """A provision must say who has to comply."""

    class Meta:
        model = Provision
        fields = "__all__"

    def clean_parties(self):
        parties = self.cleaned_data.get("parties")
        if not parties:
            raise forms.ValidationError(
                "Choose at least one party this provision governs (who must comply, or who can be sued)."
            )
        return parties
