"""Who is asking, without two queries on every page.

Django asks the authentication backend for the logged-in user on every request: ModelBackend
reads the user row, and ``grants.roles`` then reads the user's group names. With
``AUTH_USER_CACHE_SECONDS`` set, both come from the cache instead, one entry per user.

The entry is dropped, once the change is committed, whenever the user row or the user's groups
change (saved, deleted, a group added, removed or renamed), so a deactivated account, a new
password or a withdrawn role takes effect on the next request. A write that bypasses the model
signals (``QuerySet.update``), or a request that read the user just before such a change and
stores it just after, takes effect within the entry's lifetime, so keep it short.

Only for a cache every web worker shares (Redis): with a cache per process, one worker's entry
would outlive a change made in another. ``config/settings_production.py`` sets it with Redis;
otherwise it is 0 and every request reads the database, as Django does.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from grants.roles import roles_of

User = get_user_model()


def cache_key(user_id) -> str:
    return f"auth:user:{user_id}"


class CachedUserMixin:
    """For an authentication backend: its ``get_user``, through the cache. Refuses an inactive
    user whatever the backend below does."""

    def get_user(self, user_id):
        seconds = getattr(settings, "AUTH_USER_CACHE_SECONDS", 0)
        user = cache.get(cache_key(user_id)) if seconds else None
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            if seconds:
                roles_of(user)  # read now, so the roles are stored with the user
                cache.set(cache_key(user_id), user, seconds)
        return user if user.is_active else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    """Django's username-and-password backend, with the user read through the cache."""


def forget(user_ids) -> None:
    keys = [cache_key(pk) for pk in user_ids]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


@receiver([post_save, post_delete], sender=User, dispatch_uid="grants.auth.user_changed")
def _user_changed(sender, instance, **kwargs):
    forget([instance.pk])


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="grants.auth.groups_changed")
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # user.groups.add(...), .remove(...), .set(...), .clear()
        if action.startswith("post_"):
            forget([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): read the members while they are there
        forget(list(instance.user_set.values_list("pk", flat=True)))
    elif action in ("post_add", "post_remove"):
        forget(pk_set or [])


@receiver([post_save, pre_delete], sender=Group, dispatch_uid="grants.auth.group_changed")
def _group_changed(sender, instance, **kwargs):
    """A role is a group's name: renaming or deleting it changes the roles of its members."""
    forget(list(instance.user_set.values_list("pk", flat=True)))
