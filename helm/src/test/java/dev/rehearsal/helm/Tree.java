package dev.rehearsal.helm;

import java.util.List;
import java.util.Map;

/** Walks parsed YAML or JSON: a path of map keys (strings) and list indices (integers). */
final class Tree {

    private Tree() {
    }

    /** The node at {@code path}, or null if any step is missing. */
    static Object at(Object root, Object... path) {
        Object node = root;
        for (Object step : path) {
            if (step instanceof Integer i && node instanceof List<?> list) {
                node = i < list.size() ? list.get(i) : null;
            } else if (node instanceof Map<?, ?> map) {
                node = map.get(step);
            } else {
                return null;
            }
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object root, Object... path) {
        Object node = at(root, path);
        if (!(node instanceof Map)) {
            throw new AssertionError("no map at " + List.of(path) + ": " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object root, Object... path) {
        Object node = at(root, path);
        if (!(node instanceof List)) {
            throw new AssertionError("no list at " + List.of(path) + ": " + node);
        }
        return (List<Object>) node;
    }

    static String string(Object root, Object... path) {
        Object node = at(root, path);
        if (!(node instanceof String s)) {
            throw new AssertionError("no string at " + List.of(path) + ": " + node);
        }
        return s;
    }
}
