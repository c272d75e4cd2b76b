"""Django's Redis cache with one client per connection pool, not one per operation.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every get and set, and
each fills a table of some 170 response callbacks: measured here, more than half of what a cache
read costs in Python. Every page reads the session, the user and its cached parts through it. A
``redis.Redis`` takes its connections from its pool and is safe to share, so one per pool does
the same work. (Django's cache handler gives each thread its own backend, and the pool
reconnects after a fork.)"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool
