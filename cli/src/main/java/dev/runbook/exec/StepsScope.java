package dev.runbook.exec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@code steps} map expressions read, kept up to date as steps finish instead of being rebuilt for every step
 * (rebuilding it made a run quadratic in its steps). A {@link #snapshot()} sees exactly the steps published before it
 * was taken, in file order, as the rebuilt map did; one writer (the run's scheduler thread) publishes.
 */
final class StepsScope {
    /** One published value of a step; an older one stays reachable for snapshots taken before it was replaced. */
    private record Version(long seq, Map<String, Object> entry, Version previous) {
    }

    private final List<String> ids;
    private final Map<String, Integer> position;
    private final AtomicReferenceArray<Version> slots;
    private volatile long published;

    StepsScope(List<String> idsInFileOrder) {
        this.ids = List.copyOf(idsInFileOrder);
        this.position = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        this.slots = new AtomicReferenceArray<>(ids.size());
    }

    /** Makes a step's status and outputs visible to snapshots taken from now on. Called by one thread only. */
    void publish(String id, String status, Object outputs) {
        Integer i = position.get(id);
        if (i == null) {
            return;
        }
        Map<String, Object> one = new LinkedHashMap<>(4);
        one.put("status", status);
        one.put("outputs", outputs);
        long seq = published + 1;
        slots.set(i, new Version(seq, Collections.unmodifiableMap(one), slots.get(i)));
        published = seq;
    }

    /** A read-only map of the steps published so far; later publications do not show in it. */
    Map<String, Object> snapshot() {
        return new View(published);
    }

    /** A constant-time {@code get}; iteration walks the steps in file order, which expressions rarely do. */
    private final class View extends AbstractMap<String, Object> {
        private final long upTo;

        View(long upTo) {
            this.upTo = upTo;
        }

        private Map<String, Object> at(int i) {
            Version v = slots.get(i);
            while (v != null && v.seq > upTo) {
                v = v.previous;
            }
            return v == null ? null : v.entry;
        }

        @Override
        public Object get(Object key) {
            Integer i = position.get(key);
            return i == null ? null : at(i);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next = advance(0);

                        private int advance(int from) {
                            int i = from;
                            while (i < ids.size() && at(i) == null) {
                                i++;
                            }
                            return i;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < ids.size();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Object> e = new SimpleImmutableEntry<>(ids.get(next), at(next));
                            next = advance(next + 1);
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    int n = 0;
                    for (int i = 0; i < ids.size(); i++) {
                        if (at(i) != null) {
                            n++;
                        }
                    }
                    return n;
                }
            };
        }
    }
}
