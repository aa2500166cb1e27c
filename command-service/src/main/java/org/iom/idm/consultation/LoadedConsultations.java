package org.iom.idm.consultation;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The consultations this instance loaded last, as Axon's repository caches them, at most a configured number
 * (least recently used go first). Axon's own caches either keep everything or only what the garbage collector
 * has not yet taken, which under load is almost nothing.
 */
final class LoadedConsultations implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    LoadedConsultations(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    /** The repository registers no listeners; nothing here would call them. */
    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the consultation cache has no entry listeners");
    }
}
