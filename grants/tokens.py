"""Personal API tokens: each user makes, names, scopes and revokes only their own. The key is
returned once, by make_token; what is stored is its hash (django-rest-knox)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from grants.models import PersonalToken, TokenScope

MAX_TOKENS_PER_USER = 20  # plenty for a few integrations; a leak of many forgotten keys is not


def tokens_of(user):
    return PersonalToken.objects.filter(user=user)


@transaction.atomic
def make_token(user, name: str, scope: str) -> tuple[PersonalToken, str]:
    """A new token of the user's own: the row, and the key to show once."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Geef de sleutel een naam, zodat u later weet waarvoor hij dient.")
    elif tokens_of(user).filter(name=name).exists():
        errors["name"] = _("U hebt al een sleutel met deze naam.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Kies 'alleen lezen' of 'lezen en schrijven'.")
    if errors:
        raise ValidationError(errors)
    if tokens_of(user).select_for_update().count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(_("U hebt al %(count)s sleutels. Trek er eerst een in die u niet meer "
                                "gebruikt.") % {"count": MAX_TOKENS_PER_USER})
    return PersonalToken.objects.create(user=user, expiry=None, name=name[:100], scope=scope)


def revoke_token(user, digest: str) -> None:
    """Revoke one of the user's own tokens (someone else's is, for them, not there)."""
    deleted, _rows = tokens_of(user).filter(digest=digest).delete()
    if not deleted:
        raise Http404
