"""The user's own API tokens, for every audience: make one (named, read-only or read-write; the
key shown once, on the answer to the POST, never stored in clear), see them, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grants import tokens as token_services
from grants.models import PersonalToken
from pages.forms import posted, try_write


class TokenForm(forms.ModelForm):
    class Meta:
        model = PersonalToken
        fields = ["name", "scope"]
        widgets = {"scope": forms.RadioSelect}
        error_messages = {"name": {"required": gettext_lazy("Geef de sleutel een naam.")}}


@login_required
def tokens(request):
    form = TokenForm(posted(request))
    made = {}
    if request.method == "POST" and form.is_valid() and try_write(form, lambda: made.update(zip(
            ("token", "key"), token_services.make_token(request.user, **form.cleaned_data), strict=True))):
        form = TokenForm()  # the key is on this answer only: nothing to redirect to
    return render(request, "tokens/tokens.html", {
        "form": form, "made": made, "tokens": token_services.tokens_of(request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request):
    token_services.revoke_token(request.user, request.POST.get("token", ""))
    messages.success(request, _("De sleutel is ingetrokken: wie hem nog gebruikt, krijgt geen toegang meer."))
    return redirect("tokens")
