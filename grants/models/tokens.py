"""Personal API tokens: a user makes, names, scopes and revokes their own. Only a hash of the key
is stored (django-rest-knox); the key is shown once, when it is made."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS


class TokenScope(models.TextChoices):
    READ = "read", _("alleen lezen")
    READ_WRITE = "read_write", _("lezen en schrijven")


class PersonalToken(AbstractAuthToken):
    # knox's fields, with labels in the users' language (the admin shows them).
    digest = models.CharField(_("hash van de sleutel"), max_length=CONSTANTS.DIGEST_LENGTH, primary_key=True)
    token_key = models.CharField(
        _("begin van de sleutel"), db_index=True,
        max_length=CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH + CONSTANTS.TOKEN_KEY_LENGTH)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="auth_token_set", verbose_name=_("gebruiker"))
    created = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    expiry = models.DateTimeField(_("vervalt op"), null=True, blank=True)
    name = models.CharField(_("naam"), max_length=100, help_text=_(
        "Waarvoor u de sleutel gebruikt, bijvoorbeeld 'rapportering' of 'software van de gemeente'."))
    scope = models.CharField(_("rechten"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def read_only(self) -> bool:
        return self.scope == TokenScope.READ
