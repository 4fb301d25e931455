package io.userscale.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields of a manifest that its Kubernetes model does not know. fabric8 keeps them aside (its models'
 * {@code additionalProperties}) where the API server, with kubectl's strict field validation, refuses
 * the object: a misspelt {@code readOnlyRootFileSystem} passes every other check and then fails, or
 * is silently dropped, in a real cluster.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths of unknown fields under a typed model object, e.g. {@code spec.template.spec.containers[0].foo}. */
    static List<String> in(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object o, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || o instanceof GenericKubernetesResource) {
            return; // strings, numbers, and the untyped resources of unknown kinds
        }
        for (Method getter : o.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            Object value;
            try {
                if (name.equals("getAdditionalProperties")) {
                    if (getter.invoke(o) instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
                    }
                    continue;
                }
                if (!name.startsWith("get") || name.length() == 3) {
                    continue;
                }
                value = getter.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            walk(value, join(path, Character.toLowerCase(name.charAt(3)) + name.substring(4)), found, seen);
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
