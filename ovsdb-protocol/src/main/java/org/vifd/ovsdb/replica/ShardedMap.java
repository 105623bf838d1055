package org.vifd.ovsdb.replica;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map split into {@value #SHARDS} hash maps by key hash, so that the next version after a few changes
 * copies only the shards they touch and shares the rest: a replica of 10,000 rows that applies a one-row update
 * copies about 160 entries, not 10,000 (the replica publishes a new immutable view per update). Reads cost one
 * extra array index. Iteration order is by shard, then by the shard's hash order.
 */
final class ShardedMap<K, V> extends AbstractMap<K, V> {

    static final int SHARDS = 64;
    private static final Map<?, ?> EMPTY_SHARD = Collections.emptyMap();
    private static final ShardedMap<?, ?> EMPTY = new ShardedMap<>(emptyShards(), 0);

    private final Map<K, V>[] shards;
    private final int size;

    private ShardedMap(Map<K, V>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Map<K, V>[] emptyShards() {
        Map<K, V>[] s = new Map[SHARDS];
        Arrays.fill(s, EMPTY_SHARD);
        return s;
    }

    @SuppressWarnings("unchecked")
    static <K, V> ShardedMap<K, V> empty() {
        return (ShardedMap<K, V>) EMPTY;
    }

    /** An editor starting from {@code base} (shared when it is a ShardedMap, copied otherwise). */
    static <K, V> Editor<K, V> edit(Map<K, V> base) {
        if (base instanceof ShardedMap<K, V> s) {
            return new Editor<>(s.shards.clone(), s.size);
        }
        Editor<K, V> e = new Editor<>(emptyShards(), 0);
        base.forEach(e::put);
        return e;
    }

    /** An editor starting empty, its shards sized for about {@code expectedSize} entries in all (no regrowing). */
    static <K, V> Editor<K, V> editEmpty(int expectedSize) {
        if (expectedSize <= SHARDS) {
            return edit(empty());
        }
        @SuppressWarnings("unchecked")
        Map<K, V>[] shards = new Map[SHARDS];
        int perShard = (int) ((expectedSize / SHARDS + 1) / 0.75f) + 1;
        Editor<K, V> e = new Editor<>(shards, 0);
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new HashMap<>(perShard);
            e.owned[i] = true;
        }
        return e;
    }

    private static int shard(Object key) {
        int h = key == null ? 0 : key.hashCode();
        h ^= (h >>> 16);
        return (h ^ (h >>> 7)) & (SHARDS - 1);
    }

    @Override
    public V get(Object key) {
        return shards[shard(key)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return shards[shard(key)].containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (Map<K, V> s : shards) {
            s.forEach(action);
        }
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new Iterator<>() {
                    private int shard;
                    private Iterator<Entry<K, V>> current = Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && shard < SHARDS) {
                            current = Collections.unmodifiableMap(shards[shard++]).entrySet().iterator();
                        }
                        return current.hasNext();
                    }

                    @Override
                    public Entry<K, V> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Changes a copy; each shard is copied at most once, when first changed. Used by one thread, then frozen. */
    static final class Editor<K, V> {
        private final Map<K, V>[] shards;
        private final boolean[] owned = new boolean[SHARDS];
        private int size;
        private boolean frozen;

        private Editor(Map<K, V>[] shards, int size) {
            this.shards = shards;
            this.size = size;
        }

        V get(K key) {
            return shards[shard(key)].get(key);
        }

        private Map<K, V> writable(int i) {
            if (frozen) {
                throw new IllegalStateException("editor already frozen");
            }
            if (!owned[i]) {
                shards[i] = new HashMap<>(shards[i]);
                owned[i] = true;
            }
            return shards[i];
        }

        void put(K key, V value) {
            if (writable(shard(key)).put(key, value) == null) {
                size++;
            }
        }

        void remove(K key) {
            int i = shard(key);
            if (shards[i].containsKey(key) && writable(i).remove(key) != null) {
                size--;
            }
        }

        ShardedMap<K, V> freeze() {
            frozen = true;
            return new ShardedMap<>(shards, size);
        }
    }
}
