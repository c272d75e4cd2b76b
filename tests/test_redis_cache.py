"""The production cache (config.redis_cache): Django's Redis cache, one client per pool."""

import uuid

import pytest
from django.conf import settings

from config.redis_cache import RedisCache


@pytest.mark.redis
def test_the_cache_reads_back_what_it_wrote_through_one_client():
    cache = RedisCache(settings.CELERY_BROKER_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("checklist", ["plan ontbreekt"], 30)
    assert cache.get("checklist") == ["plan ontbreekt"]
    assert cache.get_or_set("stamp", "a", None) == "a" and cache.get_or_set("stamp", "b", None) == "a"
    cache.delete_many(["checklist", "stamp"])
    assert cache.get("checklist") is None
    # What the subclass is for: no new redis.Redis per operation.
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
