package org.esingest.localnode.mustache;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Resolves names against template params only (maps, lists, arrays): {@code a.b.c}, list indexes
 * ({@code tags.0}) and {@code .} for the current item. No reflection on Java objects.
 */
final class ParamsObjectHandler extends ReflectionObjectHandler {
    private static final Object MISSING = new Object();

    Object resolve(String name, List<Object> scopes) {
        if (".".equals(name)) {
            return scopes.isEmpty() ? null : scopes.get(scopes.size() - 1);
        }
        String[] parts = name.split("\\.");
        Object current = MISSING;
        for (int i = scopes.size() - 1; i >= 0 && current == MISSING; i--) {
            current = lookup(scopes.get(i), parts[0]);
        }
        for (int p = 1; p < parts.length && current != MISSING && current != null; p++) {
            current = lookup(current, parts[p]);
        }
        return current == MISSING ? null : current;
    }

    private static Object lookup(Object scope, String key) {
        if (scope instanceof Map<?, ?> map) {
            Object v = map.get(key);
            return v != null || map.containsKey(key) ? v : MISSING;
        }
        if (scope instanceof List<?> list) {
            int idx = index(key);
            return idx >= 0 && idx < list.size() ? list.get(idx) : MISSING;
        }
        if (scope != null && scope.getClass().isArray()) {
            int idx = index(key);
            return idx >= 0 && idx < Array.getLength(scope) ? Array.get(scope, idx) : MISSING;
        }
        return MISSING;
    }

    private static int index(String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public Wrapper find(String name, List<Object> scopes) {
        return s -> resolve(name, s);
    }

    @Override
    public Binding createBinding(String name, TemplateContext tc, Code code) {
        return scopes -> resolve(name, scopes);
    }

    @Override
    public Object coerce(Object object) {
        if (object instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return super.coerce(object);
    }
}
