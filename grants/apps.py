from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Oproepen en aanvragen")

    def ready(self):
        from grants import auth  # noqa: F401  (connects the signals that keep the user cache true)

        self._renew_cached_contents_on_reference_changes()

    def _renew_cached_contents_on_reference_changes(self):
        """A change to the reference data the applicant's pages name renews the stamp in the key
        of every cached part of an application (grants/contents_cache.py)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from grants.contents_cache import renew_reference_stamp
        from grants.models import (
            AttachmentType,
            Call,
            Municipality,
            PartnerType,
            PolicyPriority,
            Province,
            TargetGroup,
        )

        def renew(sender, **kwargs):
            renew_reference_stamp()

        for model in (Municipality, Province, PolicyPriority, AttachmentType, TargetGroup, PartnerType):
            uid = f"contents-{model.__name__}"
            post_save.connect(renew, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(renew, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for through in (Call.priorities.through, Call.mandatory_attachment_types.through):
            uid = f"contents-{through.__name__}"
            m2m_changed.connect(renew, sender=through, weak=False, dispatch_uid=uid)
