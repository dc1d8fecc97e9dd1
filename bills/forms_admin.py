"""Admin forms: friendly messages for rules a many-to-many field cannot enforce in the database."""

from django import forms

from .models import Provision

MISSING_PARTY = "Choose at least one party this provision governs (who must comply, or who can be sued)."


class ProvisionAdminForm(forms.ModelForm):
    """A provision must say who has to comply."""

    class Meta:
        model = Provision
        fields = [
            "bill",
            "category",
            "effect",
            "parties",
            "section",
            "excerpt",
            "plain",
            "detail",
            "confidence",
            "display_order",
            "is_published",
        ]
        # The field is required, so Django's own "This field is required." would come first and
        # clean_parties below would never run; give the required error the friendly wording.
        error_messages = {"parties": {"required": MISSING_PARTY}}

    def clean_parties(self):
        parties = self.cleaned_data.get("parties")
        if not parties:
            raise forms.ValidationError(MISSING_PARTY)
        return parties
